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
} from '@remix-run/react';
import { completeCustomerSignIn, isDomainError } from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import { ShopRouteError } from '../components/route-error';
import { ShopLayout } from '../components/shop-layout';
import { customerCtx, getCustomer, safeRedirect, text } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { clearPendingCookie, readPendingToken } from '../lib/security.server';
import { appendSessionCookies } from '../lib/sign-in.server';
import type { RootData } from '../root';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (await getCustomer(request, context)) throw redirect(redirectTo);
  if (!readPendingToken(request)) {
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return { recovery: url.searchParams.get('with') === 'recovery', redirectTo };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'security.signin.title'));

type ActionResult = { formError?: string; fieldErrors?: Record<string, string>; expired?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get('redirectTo'));
  try {
    const { session, recoveryCodesLeft } = await completeCustomerSignIn(
      customerCtx(request, context),
      readPendingToken(request),
      form.has('recoveryCode')
        ? { recoveryCode: text(form, 'recoveryCode') }
        : { code: text(form, 'code') },
    );
    const headers = new Headers({ 'Set-Cookie': clearPendingCookie(context) });
    await appendSessionCookies(headers, request, context, session);
    const to =
      recoveryCodesLeft === null
        ? redirectTo
        : `/account/security?recoveryLeft=${recoveryCodesLeft}`;
    return redirect(to, { headers });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const expired = error.code === 'TWO_FACTOR_EXPIRED';
    return data<ActionResult>(
      {
        formError: error.userMessage,
        ...(error.details?.fieldErrors
          ? { fieldErrors: error.details.fieldErrors as Record<string, string> }
          : {}),
        ...(expired ? { expired } : {}),
      },
      {
        status: error.status,
        ...(expired ? { headers: { 'Set-Cookie': clearPendingCookie(context) } } : {}),
      },
    );
  }
}

export default function TwoFactorSignIn() {
  const root = useRouteLoaderData('root') as RootData;
  const { recovery, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const keep = `redirectTo=${encodeURIComponent(redirectTo)}`;
  return (
    <ShopLayout shop={root.shop!}>
      <div className="mx-auto w-full max-w-sm space-y-5 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-xl font-semibold">{t('security.signin.title')}</h1>
        <p className="text-sm text-slate-600">
          {t(recovery ? 'security.signin.recoveryIntro' : 'security.signin.intro')}
        </p>
        {result?.formError ? <Alert>{result.formError}</Alert> : null}
        {result?.expired ? null : (
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            {recovery ? (
              <Field
                key="recovery"
                label={t('security.signin.recovery')}
                name="recoveryCode"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                placeholder="xxxx-xxxx-xxxx"
                required
                error={result?.fieldErrors?.recoveryCode}
              />
            ) : (
              <Field
                key="code"
                label={t('security.signin.code')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                placeholder="123456"
                required
                autoFocus
                error={result?.fieldErrors?.code}
              />
            )}
            <Button type="submit" className="w-full" disabled={busy}>
              {t('security.signin.submit')}
            </Button>
          </Form>
        )}
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          {result?.expired ? null : (
            <Link
              to={`?${keep}${recovery ? '' : '&with=recovery'}`}
              replace
              className="text-brand hover:underline"
            >
              {t(recovery ? 'security.signin.useCode' : 'security.signin.useRecovery')}
            </Link>
          )}
          <Link to={`/login?${keep}`} className="text-slate-500 hover:underline">
            {t('security.signin.back')}
          </Link>
        </div>
      </div>
    </ShopLayout>
  );
}

export function ErrorBoundary() {
  return <ShopRouteError describe={() => null} />;
}
