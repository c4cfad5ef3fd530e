import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { completeStaffSignIn, isDomainError } from '@cardshop/domain';
import { Alert, Button, Field, useLang, useT } from '@cardshop/ui';
import { getStaff, safeRedirect, sessionCookie } from '../auth.server';
import { clearPendingCookie, readPendingToken, staffCtx } from '../security.server';
import { titleMeta } from '../meta';

export const meta = titleMeta('security.signin.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (await getStaff(request, context)) throw redirect(redirectTo);
  if (!readPendingToken(request)) {
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return { recovery: url.searchParams.get('with') === 'recovery', redirectTo };
}

type ActionResult = { formError?: string; fieldErrors?: Record<string, string>; expired?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get('redirectTo'));
  const recoveryCode = form.get('recoveryCode');
  try {
    const done = await completeStaffSignIn(
      staffCtx(context),
      readPendingToken(request),
      typeof recoveryCode === 'string'
        ? { recoveryCode }
        : { code: String(form.get('code') ?? '') },
    );
    const headers = new Headers();
    headers.append('Set-Cookie', sessionCookie(context, done.token, done.expiresAt));
    headers.append('Set-Cookie', clearPendingCookie(context));
    // Signed in with a recovery code: show how many are left, and the way to new ones.
    const to =
      done.recoveryCodesLeft === null
        ? redirectTo
        : `/account?recoveryLeft=${done.recoveryCodesLeft}`;
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
  const { recovery, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();
  const keep = `redirectTo=${encodeURIComponent(redirectTo)}`;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <div className="flex items-center justify-between">
          <h1 className="text-xl font-semibold">{t('security.signin.title')}</h1>
          <a
            href={`?${keep}${recovery ? '&with=recovery' : ''}&lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
            className="text-sm text-slate-500 hover:underline"
          >
            {t('lang.switch')}
          </a>
        </div>
        <p className="text-sm text-slate-600">
          {t(recovery ? 'security.signin.recoveryIntro' : 'security.signin.intro')}
        </p>
        {result?.formError ? <Alert>{result.formError}</Alert> : null}
        {result?.expired ? (
          <Link to={`/login?${keep}`} className="text-brand block text-sm font-medium underline">
            {t('security.signin.back')}
          </Link>
        ) : (
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
                pattern="[0-9 ]*"
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
          <Link
            to={`?${keep}${recovery ? '' : '&with=recovery'}`}
            replace
            className="text-brand hover:underline"
          >
            {t(recovery ? 'security.signin.useCode' : 'security.signin.useRecovery')}
          </Link>
          <Link to={`/login?${keep}`} className="text-slate-500 hover:underline">
            {t('security.signin.back')}
          </Link>
        </div>
      </div>
    </main>
  );
}
