import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  geoIpOf,
  getCustomerDevices,
  revokeCustomerSession,
  revokeOtherCustomerSessions,
} from '@cardshop/domain';
import { Alert, cx, translate, useLang, useT } from '@cardshop/ui';
import {
  clearCustomerCookie,
  customerCtx,
  formFailure,
  requireCustomer,
  text,
  type FormFailure,
} from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const { devices } = await getCustomerDevices(
    customerCtx(request, context),
    { customerId: customer.id, sessionId },
    { geo: geoIpOf(context.runtime), lang: context.lang },
  );
  return {
    sessions: devices.map((s) => ({
      id: s.id,
      device: s.device,
      ip: s.ip,
      location: s.location,
      current: s.current,
      remember: s.remember,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
    })),
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.sessions.title'));

type ActionResult = FormFailure & { revoked?: 'one' | number };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  try {
    if (text(form, 'intent') === 'revoke-others') {
      return data<ActionResult>({ revoked: await revokeOtherCustomerSessions(ctx, auth) });
    }
    const target = text(form, 'sessionId');
    await revokeCustomerSession(ctx, auth, target);
    if (target === sessionId) {
      return redirect('/login', { headers: { 'Set-Cookie': clearCustomerCookie(context) } });
    }
    return data<ActionResult>({ revoked: 'one' });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(body, status);
  }
}

function when(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

export default function AccountSessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h1 className="text-lg font-semibold">{t('account.sessions.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('account.sessions.intro')}</p>
      </div>
      {result?.formError ? <Alert>{result.formError}</Alert> : null}
      {result?.revoked === 'one' ? (
        <Alert tone="info">{t('account.sessions.revoked')}</Alert>
      ) : null}
      {typeof result?.revoked === 'number' ? (
        <Alert tone="info">{t('account.sessions.revokedOthers', { count: result.revoked })}</Alert>
      ) : null}
      <ul className="divide-y divide-slate-100" data-testid="sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="min-w-0 text-sm">
              <p className="font-medium">
                {s.device}
                {s.current ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700">
                    {t('account.sessions.current')}
                  </span>
                ) : null}
                {s.remember ? (
                  <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                    {t('account.sessions.remembered')}
                  </span>
                ) : null}
              </p>
              <p className="text-slate-500">
                {s.ip ? `${t('account.sessions.ip', { ip: s.ip })} · ` : ''}
                {s.location ? `${s.location} · ` : ''}
                {t('account.sessions.lastUsed', { time: when(s.lastUsedAt, lang) })}
              </p>
              <p className="text-xs text-slate-400">
                {t('account.sessions.signedIn', { time: when(s.createdAt, lang) })}
              </p>
            </div>
            <Form method="post">
              <input type="hidden" name="sessionId" value={s.id} />
              <button
                name="intent"
                value="revoke"
                disabled={busy}
                className={cx(
                  'rounded-lg px-3 py-1.5 text-sm ring-1 disabled:opacity-50',
                  s.current ? 'text-slate-600 ring-slate-300' : 'text-red-700 ring-red-200',
                )}
              >
                {s.current ? t('account.logout') : t('account.sessions.revoke')}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Form method="post">
          <button
            name="intent"
            value="revoke-others"
            disabled={busy}
            className="w-full rounded-lg bg-red-50 px-4 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200 disabled:opacity-50"
          >
            {t('account.sessions.revokeOthers')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
