import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react';
import {
  registerCustomer,
  sendVerificationCode,
  signInWithCode,
  type CodeSent,
} from '@cardshop/domain';
import { Alert, Button, Field, cx, translate, useT } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import {
  customerCtx,
  formFailure,
  getCustomer,
  safeRedirect,
  text,
  type FormFailure,
} from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { appendSessionCookies, redirectToTwoFactor } from '../lib/sign-in.server';
import type { RootData } from '../root';
import { CodeField } from '../components/code-field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getCustomer(request, context)) {
    throw redirect(safeRedirect(url.searchParams.get('redirectTo')));
  }
  return {
    tab: url.searchParams.get('tab') === 'code' ? ('code' as const) : ('password' as const),
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.register.title'));

type ActionResult = FormFailure & {
  identifier?: string;
  displayName?: string;
  codeSent?: CodeSent;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const ctx = customerCtx(request, context);
  const intent = text(form, 'intent');
  const identifier = text(form, 'identifier');
  const displayName = text(form, 'displayName');
  const remember = form.get('remember') === 'on';
  try {
    if (intent === 'send-code') {
      const codeSent = await sendVerificationCode(ctx, { identifier, purpose: 'register' });
      return data<ActionResult>({ codeSent, identifier });
    }
    const { session, twoFactor } =
      intent === 'code'
        ? await signInWithCode(ctx, {
            identifier,
            code: text(form, 'code'),
            purpose: 'register',
            remember,
          })
        : await registerCustomer(ctx, {
            identifier,
            password: text(form, 'password'),
            displayName,
            remember,
          });
    if (twoFactor) {
      // The number already had an account with two-step verification: its second step first.
      return redirectToTwoFactor(
        context,
        twoFactor.pendingToken,
        safeRedirect(form.get('redirectTo')),
      );
    }
    const headers = new Headers();
    await appendSessionCookies(headers, request, context, session);
    return redirect(safeRedirect(form.get('redirectTo')), { headers });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>({ ...body, identifier, displayName }, status);
  }
}

export default function Register() {
  const root = useRouteLoaderData('root') as RootData;
  const { tab } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const redirectTo = params.get('redirectTo') ?? '';
  const tabHref = (to: 'password' | 'code') => {
    const next = new URLSearchParams(params);
    next.set('tab', to);
    return `?${next.toString()}`;
  };
  const keep = redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : '';
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-sm space-y-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-xl font-semibold">{t('account.register.title')}</h1>
        <nav
          className="grid grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm"
          aria-label={t('account.register.title')}
        >
          {(['password', 'code'] as const).map((name) => (
            <Link
              key={name}
              to={tabHref(name)}
              replace
              aria-current={tab === name ? 'page' : undefined}
              className={cx(
                'rounded-md px-3 py-2 text-center font-medium',
                tab === name ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600',
              )}
            >
              {t(
                name === 'password' ? 'account.register.tab.password' : 'account.register.tab.code',
              )}
            </Link>
          ))}
        </nav>
        {result?.formError ? <Alert>{result.formError}</Alert> : null}
        {result?.codeSent ? (
          <Alert tone="info">{t('account.code.sent', { to: result.codeSent.sentTo })}</Alert>
        ) : null}
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <button
            type="submit"
            name="intent"
            value={tab}
            tabIndex={-1}
            aria-hidden
            className="absolute -left-[9999px] h-0 w-0"
          />
          <Field
            label={t('account.field.identifier')}
            name="identifier"
            autoComplete="username"
            placeholder={t('account.field.identifier.placeholder')}
            required
            defaultValue={result?.identifier}
            error={result?.fieldErrors?.identifier}
          />
          {tab === 'password' ? (
            <>
              <div className="space-y-1">
                <Field
                  label={t('account.field.password')}
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  required
                  minLength={8}
                  error={result?.fieldErrors?.password}
                />
                {result?.fieldErrors?.password ? null : (
                  <p className="text-xs text-slate-500">{t('account.register.passwordHint')}</p>
                )}
              </div>
              <Field
                label={t('account.field.displayName')}
                name="displayName"
                autoComplete="nickname"
                maxLength={40}
                defaultValue={result?.displayName}
                error={result?.fieldErrors?.displayName}
              />
            </>
          ) : (
            <CodeField error={result?.fieldErrors?.code} busy={busy} />
          )}
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input type="checkbox" name="remember" className="mt-0.5 h-4 w-4" />
            <span>{t('account.field.remember')}</span>
          </label>
          <Button type="submit" name="intent" value={tab} className="w-full" disabled={busy}>
            {t('account.register.submit')}
          </Button>
        </Form>
        <p className="text-sm">
          <Link to={`/login${keep}`} className="text-brand hover:underline">
            {t('account.register.hasAccount')} {t('account.login.title')}
          </Link>
        </p>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
