import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import {
  getCustomerConnections,
  isOAuthProviderId,
  unlinkCustomerIdentity,
  type OAuthProviderId,
} from '@cardshop/domain';
import { Alert, translate, useLang, useT, type MessageKey } from '@cardshop/ui';
import { ProviderMark } from '../components/social-sign-in';
import {
  customerCtx,
  formFailure,
  requireCustomer,
  text,
  type FormFailure,
} from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { oauthButtons } from '../lib/oauth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const connections = await getCustomerConnections(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  const available = oauthButtons(context);
  const linked = connections.identities.map((i) => i.provider);
  return {
    // Linked ones stay listed (and can be unlinked) even if the shop stops offering the provider.
    providers: (['wechat', 'qq'] as const).filter(
      (p) => available.includes(p) || linked.includes(p),
    ),
    available,
    identities: connections.identities.map((i) => ({
      provider: i.provider,
      nickname: i.nickname,
      avatarUrl: i.avatarUrl,
      linkedAt: i.linkedAt.toISOString(),
    })),
    phone: connections.phone,
    email: connections.email,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'oauth.connections.title'));

type ActionResult = FormFailure & { unlinked?: OAuthProviderId };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const form = await request.formData();
  const provider = text(form, 'provider');
  if (text(form, 'intent') !== 'unlink' || !isOAuthProviderId(provider)) {
    return data<ActionResult>(
      { formError: translate(context.lang, 'oauth.connections.badRequest') },
      400,
    );
  }
  try {
    await unlinkCustomerIdentity(
      customerCtx(request, context),
      { customerId: customer.id, sessionId },
      provider,
    );
    return data<ActionResult>({ unlinked: provider });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(body, status);
  }
}

const NOTICES: Record<string, { key: MessageKey; tone: 'info' | 'error' }> = {
  linked: { key: 'oauth.notice.linked', tone: 'info' },
  already: { key: 'oauth.notice.already', tone: 'error' },
  taken: { key: 'oauth.notice.taken', tone: 'error' },
  unavailable: { key: 'oauth.notice.unavailable', tone: 'error' },
  rate: { key: 'oauth.notice.rate', tone: 'error' },
};

export default function AccountConnections() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();
  const notice = result ? undefined : NOTICES[params.get('oauth') ?? ''];
  const noticeProvider = params.get('provider');
  const nameOf = (p: OAuthProviderId) => t(`oauth.provider.${p}` as MessageKey);
  return (
    <div className="space-y-4">
      <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div>
          <h1 className="text-lg font-semibold">{t('oauth.connections.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('oauth.connections.intro')}</p>
        </div>
        {notice ? (
          <Alert tone={notice.tone}>
            {t(notice.key, {
              provider:
                noticeProvider === 'wechat' || noticeProvider === 'qq'
                  ? nameOf(noticeProvider)
                  : '',
            })}
          </Alert>
        ) : null}
        {result?.formError ? <Alert>{result.formError}</Alert> : null}
        {result?.unlinked ? (
          <Alert tone="info">
            {t('oauth.notice.unlinked', { provider: nameOf(result.unlinked) })}
          </Alert>
        ) : null}
        {page.providers.length === 0 ? (
          <p className="text-sm text-slate-500">{t('oauth.connections.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {page.providers.map((provider) => {
              const identity = page.identities.find((i) => i.provider === provider);
              return (
                <li key={provider} className="flex items-center gap-3 py-3">
                  {identity?.avatarUrl ? (
                    <img
                      src={identity.avatarUrl}
                      alt=""
                      referrerPolicy="no-referrer"
                      className="h-10 w-10 shrink-0 rounded-full bg-slate-100 object-cover"
                    />
                  ) : (
                    <ProviderMark provider={provider} className="h-10 w-10 shrink-0" />
                  )}
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{nameOf(provider)}</p>
                    {identity ? (
                      <>
                        <p className="truncate text-sm text-slate-600">
                          {t('oauth.connections.linkedAs', {
                            name: identity.nickname ?? nameOf(provider),
                          })}
                        </p>
                        <p className="text-xs text-slate-400">
                          {t('oauth.connections.linkedOn', {
                            date: new Date(identity.linkedAt).toLocaleDateString(lang, {
                              timeZone: 'Asia/Shanghai',
                            }),
                          })}
                        </p>
                      </>
                    ) : (
                      <p className="text-sm text-slate-500">{t('oauth.connections.notLinked')}</p>
                    )}
                  </div>
                  {identity ? (
                    <Form method="post">
                      <input type="hidden" name="provider" value={provider} />
                      <button
                        type="submit"
                        name="intent"
                        value="unlink"
                        disabled={busy}
                        className="h-9 shrink-0 rounded-lg border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-50"
                      >
                        {t('oauth.connections.unlink')}
                      </button>
                    </Form>
                  ) : page.available.includes(provider) ? (
                    <Form method="post" action={`/auth/${provider}`}>
                      <button
                        type="submit"
                        name="intent"
                        value="link"
                        disabled={busy}
                        className="bg-brand h-9 shrink-0 rounded-lg px-3 text-sm font-medium text-white disabled:opacity-50"
                      >
                        {t('oauth.connections.link')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="rounded-2xl bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200">
        <h2 className="font-semibold">{t('oauth.connections.otherWays')}</h2>
        <dl className="mt-2 divide-y divide-slate-100">
          <div className="flex justify-between gap-4 py-2">
            <dt className="text-slate-500">{t('account.overview.phone')}</dt>
            <dd className="font-medium">{page.phone ?? t('account.overview.notLinked')}</dd>
          </div>
          <div className="flex justify-between gap-4 py-2">
            <dt className="text-slate-500">{t('account.overview.email')}</dt>
            <dd className="font-medium">{page.email ?? t('account.overview.notLinked')}</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-500">{t('oauth.connections.otherWaysHint')}</p>
      </section>
    </div>
  );
}
