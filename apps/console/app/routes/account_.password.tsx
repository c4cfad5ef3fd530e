import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { changeStaffPassword, getStaffSecurity } from '@cardshop/domain';
import { Alert, useT } from '@cardshop/ui';
import { requireAreas } from '../areas.server';
import { requireStaff } from '../auth.server';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from '../security.server';
import { ConfirmedNote, ConfirmIdentityFields } from '../security-ui';
import { ConsoleShell } from '../shell';
import { Btn, Panel, TextField } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('console.password.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, sessionId, areas } = await requireAreas(request, context);
  const security = await getStaffSecurity(staffCtx(context), { userId: user.id, sessionId }, user);
  return {
    user: { email: user.email, displayName: user.displayName },
    areas,
    confirmedUntil: security.confirmedUntil?.toISOString() ?? null,
    confirmMethods: security.confirmMethods,
  };
}

type ActionResult = SecurityFormResult & { revokedSessions?: number };

/**
 * Changing the password is a sensitive operation: without a confirmation in the last 5 minutes
 * it is refused, unless the form carries one (current password or authenticator code).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireStaff(request, context);
  const auth = { userId: user.id, sessionId };
  const ctx = staffCtx(context);
  const form = await request.formData();
  const confirming = form.has('verifyMethod');
  try {
    await confirmFromForm(ctx, auth, form);
    const { revokedSessions } = await changeStaffPassword(ctx, auth, {
      newPassword: String(form.get('newPassword') ?? ''),
      confirmPassword: String(form.get('confirmPassword') ?? ''),
    });
    return data<ActionResult>({ revokedSessions });
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    return data<ActionResult>(
      confirming && !body.confirm ? { ...body, confirm: 'change_password' } : body,
      status,
    );
  }
}

export default function ChangePassword() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const done = result?.revokedSessions !== undefined;
  // Ask for the identity check when there is no confirmation in force, or the last one ran out.
  const askConfirm =
    !done && (page.confirmedUntil === null || result?.confirm === 'change_password');
  return (
    <ConsoleShell user={page.user} areas={page.areas}>
      <div className="mx-auto max-w-xl space-y-4">
        <Panel title={t('console.password.title')}>
          <div className="space-y-4">
            <p className="text-sm text-slate-600">{t('console.password.intro')}</p>
            {done ? (
              <Alert tone="info">
                {t('console.password.done', { count: result!.revokedSessions! })}
              </Alert>
            ) : null}
            {result?.formError ? <Alert>{result.formError}</Alert> : null}
            {!askConfirm && page.confirmedUntil ? (
              <ConfirmedNote until={page.confirmedUntil} />
            ) : null}
            <Form method="post" className="space-y-4" noValidate>
              {askConfirm ? (
                <ConfirmIdentityFields
                  action="change_password"
                  methods={page.confirmMethods}
                  errors={result?.fieldErrors}
                />
              ) : null}
              <TextField
                label={t('console.password.new')}
                name="newPassword"
                type="password"
                autoComplete="new-password"
                minLength={10}
                required
                hint={t('console.password.hint')}
                error={result?.fieldErrors?.newPassword}
              />
              <TextField
                label={t('console.password.repeat')}
                name="confirmPassword"
                type="password"
                autoComplete="new-password"
                required
                error={result?.fieldErrors?.confirmPassword}
              />
              <Btn type="submit" disabled={busy} className="w-full sm:w-auto">
                {askConfirm
                  ? t('security.confirm.submit', { action: t('security.action.change_password') })
                  : t('console.password.submit')}
              </Btn>
            </Form>
            <Link to="/account" className="block text-sm text-slate-500 hover:underline">
              {t('security.back')}
            </Link>
          </div>
        </Panel>
      </div>
    </ConsoleShell>
  );
}
