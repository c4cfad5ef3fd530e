import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { isDomainError, signInStaff, staffSignInSchema } from '@cardshop/domain';
import { Alert, Button, Field, useLang, useT } from '@cardshop/ui';
import { getStaff, safeRedirect, sessionCookie } from '../auth.server';
import { pendingCookie, staffCtx } from '../security.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getStaff(request, context)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return null;
}

type ActionResult = {
  formError?: string;
  /** A refusal with its own words (locked out, too many attempts). */
  message?: string;
  fieldErrors?: Partial<Record<'email' | 'password', string>>;
  email?: string;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = staffSignInSchema.safeParse({
    email: form.get('email'),
    password: form.get('password'),
  });
  if (!parsed.success) {
    const fieldErrors: ActionResult['fieldErrors'] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as 'email' | 'password';
      fieldErrors[key] ??= issue.message;
    }
    return data<ActionResult>({ fieldErrors, email: String(form.get('email') ?? '') }, 400);
  }
  try {
    const result = await signInStaff(staffCtx(context), parsed.data);
    const redirectTo = safeRedirect(form.get('redirectTo'));
    if (result.status === 'two_factor') {
      // No session yet: the second step (authenticator or recovery code) comes first.
      return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`, {
        headers: { 'Set-Cookie': pendingCookie(context, result.pendingToken) },
      });
    }
    return redirect(redirectTo, {
      headers: { 'Set-Cookie': sessionCookie(context, result.token, result.expiresAt) },
    });
  } catch (error) {
    if (isDomainError(error) && error.code === 'INVALID_CREDENTIALS') {
      return data<ActionResult>(
        { formError: 'INVALID_CREDENTIALS', email: parsed.data.email },
        401,
      );
    }
    if (isDomainError(error)) {
      return data<ActionResult>(
        { formError: error.code, message: error.userMessage, email: parsed.data.email },
        error.status,
      );
    }
    throw error;
  }
}

export default function Login() {
  const t = useT();
  const lang = useLang();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6 rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between">
          <h1 className="text-xl font-semibold">{t('console.login.title')}</h1>
          <a
            href={`?lang=${lang === 'en' ? 'zh-CN' : 'en'}`}
            className="text-sm text-slate-500 hover:underline"
          >
            {t('lang.switch')}
          </a>
        </div>
        {result?.formError ? <Alert>{result.message ?? t('console.login.failed')}</Alert> : null}
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <Field
            label={t('console.login.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={result?.email}
            error={result?.fieldErrors?.email}
          />
          <Field
            label={t('console.login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={result?.fieldErrors?.password}
          />
          <Button type="submit" className="w-full" disabled={navigation.state !== 'idle'}>
            {t('console.login.submit')}
          </Button>
        </Form>
      </div>
    </main>
  );
}
