import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getStaffSecurity, isSensitiveAction } from '@cardshop/domain';
import { Alert, useT } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { requireStaff, safeRedirect } from '../auth.server';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from '../security.server';
import { ConfirmedNote, ConfirmIdentityFields, useActionText } from '../security-ui';
import { ConsoleShell } from '../shell';
import { Btn, Panel } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('security.confirm.title');

function target(request: Request) {
  const url = new URL(request.url);
  const action = url.searchParams.get('action');
  if (!isSensitiveAction(action)) {
    throw Response.json({ reason: 'unknown-action' }, { status: 404 });
  }
  return { action, redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '/account') };
}

/**
 * The second confirmation as a page of its own, for a sensitive operation elsewhere in the
 * console (see redirectToConfirmation): it says what is about to happen, checks the password or
 * an authenticator code, and goes back to the operation.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, sessionId, areas } = await requireAreas(request, context);
  const { action, redirectTo } = target(request);
  const security = await getStaffSecurity(staffCtx(context), { userId: user.id, sessionId }, user);
  return {
    user: { email: user.email, displayName: user.displayName },
    areas,
    action,
    redirectTo,
    confirmedUntil: security.confirmedUntil?.toISOString() ?? null,
    confirmMethods: security.confirmMethods,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireStaff(request, context);
  const { redirectTo } = target(request);
  const form = await request.formData();
  try {
    await confirmFromForm(staffCtx(context), { userId: user.id, sessionId }, form);
    return redirect(redirectTo);
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming: true });
    return data<SecurityFormResult>(body, status);
  }
}

export default function ConfirmIdentity() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SecurityFormResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const text = useActionText()(page.action);
  return (
    <ConsoleShell user={page.user} areas={page.areas}>
      <div className="mx-auto max-w-xl">
        <Panel title={t('security.confirm.title')}>
          <div className="space-y-4">
            {result?.formError ? <Alert>{result.formError}</Alert> : null}
            {page.confirmedUntil && !result ? (
              <>
                <ConfirmedNote until={page.confirmedUntil} />
                <Link
                  to={page.redirectTo}
                  className="text-brand block text-sm font-medium underline"
                >
                  {t('security.confirm.continue', { action: text.label })}
                </Link>
              </>
            ) : (
              <Form method="post" className="space-y-4" noValidate>
                <ConfirmIdentityFields
                  action={page.action}
                  methods={page.confirmMethods}
                  errors={result?.fieldErrors}
                />
                <div className="flex flex-wrap items-center gap-3">
                  <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
                    {t('security.confirm.submitContinue')}
                  </Btn>
                  <Link to={page.redirectTo} className="text-sm text-slate-500 hover:underline">
                    {t('security.confirm.cancel')}
                  </Link>
                </div>
              </Form>
            )}
          </div>
        </Panel>
      </div>
    </ConsoleShell>
  );
}
