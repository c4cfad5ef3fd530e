import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  changeCustomerContact,
  getCustomerConfirmation,
  maskEmail,
  maskPhone,
  sendAccountCode,
  sendContactChangeCode,
  type CodeSent,
} from '@cardshop/domain';
import { Alert, Button, Field, translate, useT } from '@cardshop/ui';
import { ConfirmedNote, ConfirmIdentityFields } from '../components/security-ui';
import { customerCtx, requireCustomer, text } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { confirmFromForm, securityFailure, type SecurityFormResult } from '../lib/security.server';

function kindOf(request: Request): 'phone' | 'email' {
  return new URL(request.url).searchParams.get('kind') === 'email' ? 'email' : 'phone';
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const kind = kindOf(request);
  const confirmation = await getCustomerConfirmation(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  const current = customer[kind];
  return {
    kind,
    current: current ? (kind === 'phone' ? maskPhone(current) : maskEmail(current)) : null,
    confirmedUntil: confirmation.confirmedUntil?.toISOString() ?? null,
    confirmMethods: confirmation.methods,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.contact.title'));

type ActionResult = SecurityFormResult & {
  /** The code to the new address went out: ask for it (again, after a wrong one). */
  step?: 'code';
  sentTo?: string;
  verifyCodeSentTo?: string;
  value?: string;
};

/**
 * Changing (or adding) the phone or email: confirm identity, then prove the new address with a
 * code sent to it, then switch. Each step re-checks the confirmation in the domain.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const kind = kindOf(request);
  const action = kind === 'phone' ? 'change_phone' : 'change_email';
  const form = await request.formData();
  const intent = text(form, 'intent');
  const value = text(form, 'value');
  try {
    if (intent === 'send-verify-code') {
      const sent = await sendAccountCode(ctx, auth);
      return data<ActionResult>({ confirm: action, verifyCodeSentTo: sent.sentTo });
    }
    if (intent === 'confirm') {
      await confirmFromForm(ctx, auth, form);
      throw redirect(`/account/contact?kind=${kind}`);
    }
    if (intent === 'send-code') {
      const sent: CodeSent = await sendContactChangeCode(ctx, auth, { kind, value });
      return data<ActionResult>({ step: 'code', sentTo: sent.sentTo, value });
    }
    const changed = await changeCustomerContact(ctx, auth, {
      kind,
      value,
      code: text(form, 'code'),
    });
    throw redirect(`/account/security?changed=${changed.kind}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { body, status } = securityFailure(error, {
      confirming: form.has('verifyMethod') ? action : undefined,
    });
    return data<ActionResult>(
      {
        ...body,
        ...(intent === 'send-verify-code' ? { confirm: action } : {}),
        ...(intent === 'change' ? { step: 'code' as const, value } : {}),
        ...(intent === 'send-code' ? { value } : {}),
      },
      status,
    );
  }
}

export default function ChangeContact() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const action = page.kind === 'phone' ? 'change_phone' : 'change_email';
  const needConfirm = page.confirmedUntil === null || result?.confirm === action;
  const codeStep = !needConfirm && result?.step === 'code';
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h1 className="text-lg font-semibold">
          {t(
            page.current
              ? page.kind === 'phone'
                ? 'account.contact.phoneTitle'
                : 'account.contact.emailTitle'
              : page.kind === 'phone'
                ? 'account.contact.addPhoneTitle'
                : 'account.contact.addEmailTitle',
          )}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {page.current
            ? t('account.contact.current', { value: page.current })
            : t('account.contact.none')}
        </p>
      </div>
      {result?.formError && !(result.fieldErrors && !result.confirm) ? (
        <Alert>{result.formError}</Alert>
      ) : null}

      {needConfirm ? (
        <Form method="post" className="max-w-md space-y-4" noValidate>
          <button
            type="submit"
            name="intent"
            value="confirm"
            tabIndex={-1}
            aria-hidden
            className="absolute -left-[9999px] h-0 w-0"
          />
          <ConfirmIdentityFields
            action={action}
            methods={page.confirmMethods}
            defaultMethod={result?.verifyCodeSentTo ? 'code' : undefined}
            codeSentTo={result?.verifyCodeSentTo}
            errors={result?.fieldErrors}
            busy={busy}
          />
          <Button type="submit" name="intent" value="confirm" disabled={busy}>
            {t('security.confirm.submitContinue')}
          </Button>
        </Form>
      ) : (
        <Form method="post" className="max-w-md space-y-4" noValidate>
          {page.confirmedUntil ? <ConfirmedNote until={page.confirmedUntil} /> : null}
          {codeStep && result?.sentTo ? (
            <Alert tone="info">{t('account.code.sent', { to: result.sentTo })}</Alert>
          ) : null}
          <button
            type="submit"
            name="intent"
            value={codeStep ? 'change' : 'send-code'}
            tabIndex={-1}
            aria-hidden
            className="absolute -left-[9999px] h-0 w-0"
          />
          <Field
            label={t(
              page.kind === 'phone' ? 'account.contact.newPhone' : 'account.contact.newEmail',
            )}
            name="value"
            type={page.kind === 'email' ? 'email' : 'tel'}
            inputMode={page.kind === 'phone' ? 'tel' : 'email'}
            autoComplete={page.kind === 'phone' ? 'tel' : 'email'}
            required
            readOnly={codeStep}
            defaultValue={result?.value}
            error={result?.fieldErrors?.value}
          />
          {codeStep ? (
            <>
              <Field
                label={t('account.field.code')}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                error={result?.fieldErrors?.code}
              />
              <div className="flex flex-wrap items-center gap-3">
                <Button type="submit" name="intent" value="change" disabled={busy}>
                  {t('account.contact.submit')}
                </Button>
                <Link
                  to={`/account/contact?kind=${page.kind}`}
                  className="text-sm text-slate-500 hover:underline"
                >
                  {t('account.contact.other')}
                </Link>
              </div>
            </>
          ) : (
            <Button type="submit" name="intent" value="send-code" disabled={busy}>
              {t('account.contact.sendCode')}
            </Button>
          )}
          <p className="text-xs text-slate-500">{t('account.contact.hint')}</p>
        </Form>
      )}
      <Link to="/account/security" className="block text-sm text-slate-500 hover:underline">
        {t('security.back')}
      </Link>
    </section>
  );
}
