import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getCustomerConfirmation, isSensitiveAction, sendAccountCode } from '@cardshop/domain';
import { Alert, Button, translate, useT } from '@cardshop/ui';
import { ConfirmedNote, ConfirmIdentityFields, useActionText } from '../components/security-ui';
import { customerCtx, requireCustomer, safeRedirect, text } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { confirmFromForm, securityFailure, type SecurityFormResult } from '../lib/security.server';

function target(request: Request) {
  const url = new URL(request.url);
  const action = url.searchParams.get('action');
  if (!isSensitiveAction(action)) {
    throw Response.json({ reason: 'unknown-action' }, { status: 404 });
  }
  return { action, redirectTo: safeRedirect(url.searchParams.get('redirectTo')) };
}

/**
 * The second confirmation as a page of its own, for a sensitive operation elsewhere in the shop
 * (see redirectToConfirmation): what is about to happen, then password or a code, then back.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const { action, redirectTo } = target(request);
  const confirmation = await getCustomerConfirmation(customerCtx(request, context), {
    customerId: customer.id,
    sessionId,
  });
  return {
    action,
    redirectTo,
    confirmedUntil: confirmation.confirmedUntil?.toISOString() ?? null,
    confirmMethods: confirmation.methods,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'security.confirm.title'));

type ActionResult = SecurityFormResult & { verifyCodeSentTo?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const { action, redirectTo } = target(request);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  try {
    if (text(form, 'intent') === 'send-verify-code') {
      const sent = await sendAccountCode(ctx, auth);
      return data<ActionResult>({ verifyCodeSentTo: sent.sentTo });
    }
    await confirmFromForm(ctx, auth, form);
    return redirect(redirectTo);
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming: action });
    return data<ActionResult>(body, status);
  }
}

export default function ConfirmIdentity() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const text = useActionText()(page.action);
  return (
    <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-lg font-semibold">{t('security.confirm.title')}</h1>
      {result?.formError ? <Alert>{result.formError}</Alert> : null}
      {page.confirmedUntil && !result ? (
        <>
          <ConfirmedNote until={page.confirmedUntil} />
          <Link to={page.redirectTo} className="text-brand block text-sm font-medium underline">
            {t('security.confirm.continue', { action: text.label })}
          </Link>
        </>
      ) : (
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
            action={page.action}
            methods={page.confirmMethods}
            defaultMethod={result?.verifyCodeSentTo ? 'code' : undefined}
            codeSentTo={result?.verifyCodeSentTo}
            errors={result?.fieldErrors}
            busy={busy}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" name="intent" value="confirm" disabled={busy}>
              {t('security.confirm.submitContinue')}
            </Button>
            <Link to={page.redirectTo} className="text-sm text-slate-500 hover:underline">
              {t('security.confirm.cancel')}
            </Link>
          </div>
        </Form>
      )}
    </section>
  );
}
