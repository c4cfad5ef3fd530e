import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { changeCustomerPassword, sendAccountCode, type CodeSent } from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import {
  customerCtx,
  formFailure,
  requireCustomer,
  text,
  type FormFailure,
} from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { CodeField } from '../components/code-field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer } = await requireCustomer(request, context);
  return { hasPassword: customer.hasPassword };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.password.title'));

type ActionResult = FormFailure & { codeSent?: CodeSent; revokedSessions?: number };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  try {
    if (text(form, 'intent') === 'send-code') {
      return data<ActionResult>({ codeSent: await sendAccountCode(ctx, auth) });
    }
    const code = text(form, 'code');
    const currentPassword = text(form, 'currentPassword');
    const { revokedSessions } = await changeCustomerPassword(ctx, auth, {
      ...(currentPassword ? { currentPassword } : {}),
      ...(code ? { code } : {}),
      newPassword: text(form, 'newPassword'),
    });
    return data<ActionResult>({ revokedSessions });
  } catch (error) {
    const { body, status } = formFailure(error);
    return data<ActionResult>(body, status);
  }
}

export default function AccountPassword() {
  const { hasPassword } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h1 className="text-lg font-semibold">{t('account.password.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t(hasPassword ? 'account.password.intro' : 'account.password.setIntro')}
        </p>
      </div>
      {result?.formError ? <Alert>{result.formError}</Alert> : null}
      {result?.codeSent ? (
        <Alert tone="info">{t('account.code.sent', { to: result.codeSent.sentTo })}</Alert>
      ) : null}
      {result?.revokedSessions !== undefined ? (
        <Alert tone="info">{t('account.password.done', { count: result.revokedSessions })}</Alert>
      ) : null}
      <Form method="post" className="max-w-sm space-y-4" noValidate>
        <button
          type="submit"
          name="intent"
          value="change"
          tabIndex={-1}
          aria-hidden
          className="absolute -left-[9999px] h-0 w-0"
        />
        {hasPassword ? (
          <Field
            label={t('account.field.currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={result?.fieldErrors?.currentPassword}
          />
        ) : (
          <CodeField error={result?.fieldErrors?.code} busy={busy} />
        )}
        <Field
          label={t('account.field.newPassword')}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          error={result?.fieldErrors?.newPassword}
        />
        <Button type="submit" name="intent" value="change" disabled={busy}>
          {t('account.password.submit')}
        </Button>
      </Form>
    </section>
  );
}
