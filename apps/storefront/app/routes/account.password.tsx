import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { changeCustomerPassword, getCustomerConfirmation, sendAccountCode } from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import { ConfirmedNote, ConfirmIdentityFields } from '../components/security-ui';
import { customerCtx, requireCustomer, text } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { confirmFromForm, securityFailure, type SecurityFormResult } from '../lib/security.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const confirmation = await getCustomerConfirmation(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  return {
    hasPassword: customer.hasPassword,
    confirmedUntil: confirmation.confirmedUntil?.toISOString() ?? null,
    confirmMethods: confirmation.methods,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.password.title'));

type ActionResult = SecurityFormResult & { verifyCodeSentTo?: string; revokedSessions?: number };

/**
 * Changing the password is a sensitive operation: refused without a confirmation in the last 5
 * minutes, unless the form carries one (current password, authenticator, or an SMS/email code).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  const confirming = form.has('verifyMethod') ? ('change_password' as const) : undefined;
  try {
    if (text(form, 'intent') === 'send-verify-code') {
      const sent = await sendAccountCode(ctx, auth);
      return data<ActionResult>({ confirm: 'change_password', verifyCodeSentTo: sent.sentTo });
    }
    await confirmFromForm(ctx, auth, form);
    const { revokedSessions } = await changeCustomerPassword(ctx, auth, {
      newPassword: text(form, 'newPassword'),
    });
    return data<ActionResult>({ revokedSessions });
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    return data<ActionResult>(
      text(form, 'intent') === 'send-verify-code' ? { ...body, confirm: 'change_password' } : body,
      status,
    );
  }
}

export default function AccountPassword() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const done = result?.revokedSessions !== undefined;
  const askConfirm =
    !done && (page.confirmedUntil === null || result?.confirm === 'change_password');
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h1 className="text-lg font-semibold">{t('account.password.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t(page.hasPassword ? 'account.password.intro' : 'account.password.setIntro')}
        </p>
      </div>
      {result?.formError ? <Alert>{result.formError}</Alert> : null}
      {done ? (
        <Alert tone="info">{t('account.password.done', { count: result!.revokedSessions! })}</Alert>
      ) : null}
      {!askConfirm && page.confirmedUntil ? <ConfirmedNote until={page.confirmedUntil} /> : null}
      <Form method="post" className="max-w-md space-y-4" noValidate>
        <button
          type="submit"
          name="intent"
          value="change"
          tabIndex={-1}
          aria-hidden
          className="absolute -left-[9999px] h-0 w-0"
        />
        {askConfirm ? (
          <ConfirmIdentityFields
            action="change_password"
            methods={page.confirmMethods}
            defaultMethod={result?.verifyCodeSentTo ? 'code' : undefined}
            codeSentTo={result?.verifyCodeSentTo}
            errors={result?.fieldErrors}
            busy={busy}
          />
        ) : null}
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
          {askConfirm
            ? t('security.confirm.submit', { action: t('security.action.change_password') })
            : t('account.password.submit')}
        </Button>
      </Form>
    </section>
  );
}
