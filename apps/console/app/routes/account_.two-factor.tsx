import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  confirmStaffTwoFactorEnrolment,
  disableStaffTwoFactor,
  getStaffSecurity,
  listStaffAreas,
  regenerateStaffRecoveryCodes,
  startStaffTwoFactorEnrolment,
  type SensitiveAction,
} from '@cardshop/domain';
import { Alert, translate, useLang, useT } from '@cardshop/ui';
import { requireStaff, safeRedirect } from '../auth.server';
import { formatTime } from '../components';
import {
  confirmFromForm,
  securityFailure,
  staffCtx,
  type SecurityFormResult,
} from '../security.server';
import { ConfirmedNote, ConfirmIdentityFields, EnrolmentQr, RecoveryCodes } from '../security-ui';
import { ConsoleShell } from '../shell';
import { Badge, Btn, LinkBtn, Panel, TextField } from '../ui';
import { titleMeta } from '../meta';

export const meta = titleMeta('security.twoFactor.title');

// The one console page open to staff who must set up two-step verification and have not yet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireStaff(request, context, { allowWithoutTwoFactor: true });
  const url = new URL(request.url);
  const auth = { userId: user.id, sessionId };
  const ctx = staffCtx(context);
  const security = await getStaffSecurity(ctx, auth, user);
  const enrolment = security.twoFactor.enabled
    ? null
    : await startStaffTwoFactorEnrolment(ctx, auth);
  const mustEnrol = security.required && !security.twoFactor.enabled;
  return {
    user: { email: user.email, displayName: user.displayName },
    // The area switcher only once the console is open to them.
    areas: mustEnrol ? undefined : await listStaffAreas(context.runtime.db, user),
    mustEnrol: mustEnrol && context.runtime.env.STAFF_2FA_REQUIRED,
    required: security.required,
    redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '/'),
    twoFactor: {
      enabled: security.twoFactor.enabled,
      enabledAt: security.twoFactor.enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: security.twoFactor.recoveryCodesLeft,
    },
    confirmedUntil: security.confirmedUntil?.toISOString() ?? null,
    confirmMethods: security.confirmMethods,
    enrolment: enrolment
      ? {
          qrSvg: enrolment.qrSvg,
          manualKey: enrolment.manualKey,
          accountName: enrolment.accountName,
        }
      : null,
  };
}

type ActionResult = SecurityFormResult & {
  intent?: string;
  recoveryCodes?: string[];
  enabled?: boolean;
  disabled?: boolean;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireStaff(request, context, { allowWithoutTwoFactor: true });
  const auth = { userId: user.id, sessionId };
  const ctx = staffCtx(context);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const confirming = form.has('verifyMethod');
  const sensitive: SensitiveAction | undefined =
    intent === 'regenerate'
      ? 'regenerate_recovery_codes'
      : intent === 'disable'
        ? 'disable_two_factor'
        : undefined;
  try {
    if (intent === 'enable') {
      const { recoveryCodes } = await confirmStaffTwoFactorEnrolment(ctx, auth, {
        code: String(form.get('code') ?? ''),
      });
      return data<ActionResult>({ intent, enabled: true, recoveryCodes });
    }
    if (sensitive) {
      // The inline confirmation (when the refusal asked for it) first, then the operation.
      await confirmFromForm(ctx, auth, form);
      if (intent === 'regenerate') {
        const { recoveryCodes } = await regenerateStaffRecoveryCodes(ctx, auth);
        return data<ActionResult>({ intent, recoveryCodes });
      }
      await disableStaffTwoFactor(ctx, auth);
      return data<ActionResult>({ intent, disabled: true });
    }
    return data<ActionResult>(
      { formError: translate(context.lang, 'security.unknownAction') },
      400,
    );
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    // A wrong password or code keeps the confirmation open for another try.
    const reopen = confirming && sensitive ? { confirm: sensitive } : {};
    return data<ActionResult>({ ...body, ...reopen, intent }, status);
  }
}

export default function TwoFactorPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();

  // Fresh recovery codes are shown once, on their own.
  if (result?.recoveryCodes) {
    return (
      <ConsoleShell user={page.user} areas={page.areas}>
        <div className="mx-auto max-w-xl space-y-4">
          {result.enabled ? (
            <Alert tone="info">{t('security.twoFactor.enabled')}</Alert>
          ) : (
            <Alert tone="info">{t('security.recovery.regenerated')}</Alert>
          )}
          <Panel title={t('security.recovery.title')}>
            <RecoveryCodes codes={result.recoveryCodes} fileName="cardshop-recovery-codes.txt" />
            <div className="mt-5">
              <LinkBtn to={result.enabled ? page.redirectTo : '/account'} variant="primary">
                {t('security.recovery.done')}
              </LinkBtn>
            </div>
          </Panel>
        </div>
      </ConsoleShell>
    );
  }

  const confirmAction: SensitiveAction | undefined = result?.confirm;
  const confirmed = page.confirmedUntil !== null;
  return (
    <ConsoleShell user={page.user} areas={page.areas}>
      <div className="mx-auto max-w-xl space-y-4">
        {page.mustEnrol ? (
          <section className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-900">
            <h1 className="font-semibold">{t('security.required.title')}</h1>
            <p className="mt-1 text-sm">{t('security.required.body')}</p>
          </section>
        ) : null}
        {result?.disabled ? <Alert tone="info">{t('security.twoFactor.disabled')}</Alert> : null}

        {page.enrolment ? (
          <Panel title={t('security.enrol.title')}>
            <div className="space-y-5">
              <p className="text-sm text-slate-600">{t('security.twoFactor.intro')}</p>
              <EnrolmentQr {...page.enrolment} />
              <Form method="post" className="space-y-3" noValidate>
                <p className="text-sm text-slate-700">{t('security.enrol.step2')}</p>
                {result?.intent === 'enable' && result.formError && !result.fieldErrors ? (
                  <Alert>{result.formError}</Alert>
                ) : null}
                <TextField
                  label={t('security.enrol.code')}
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={7}
                  placeholder="123456"
                  required
                  error={result?.intent === 'enable' ? result.fieldErrors?.code : undefined}
                />
                <Btn
                  type="submit"
                  name="intent"
                  value="enable"
                  disabled={busy}
                  className="w-full sm:w-auto"
                >
                  {t('security.enrol.submit')}
                </Btn>
              </Form>
              {page.mustEnrol ? (
                <Form method="post" action="/logout">
                  <button className="text-sm text-slate-500 underline">
                    {t('console.logout')}
                  </button>
                </Form>
              ) : (
                <Link to="/account" className="text-sm text-slate-500 hover:underline">
                  {t('security.back')}
                </Link>
              )}
            </div>
          </Panel>
        ) : (
          <>
            <Panel
              title={t('security.twoFactor.title')}
              actions={<Badge tone="green">{t('security.twoFactor.on')}</Badge>}
            >
              <p className="text-sm text-slate-700">
                {page.twoFactor.enabledAt
                  ? t('security.twoFactor.since', {
                      date: formatTime(page.twoFactor.enabledAt, lang),
                    })
                  : null}
                {' · '}
                {t('security.twoFactor.codesLeft', { count: page.twoFactor.recoveryCodesLeft })}
              </p>
              {page.twoFactor.recoveryCodesLeft <= 3 ? (
                <p className="mt-2 text-sm text-amber-800">{t('security.recovery.low')}</p>
              ) : null}
              {confirmed ? (
                <div className="mt-3">
                  <ConfirmedNote until={page.confirmedUntil!} />
                </div>
              ) : null}
            </Panel>
            <ManageForm
              intent="regenerate"
              action="regenerate_recovery_codes"
              title={t('security.twoFactor.regenerate')}
              body={t('security.effect.regenerate_recovery_codes')}
              open={confirmAction === 'regenerate_recovery_codes'}
              result={result}
              methods={page.confirmMethods}
              busy={busy}
            />
            <ManageForm
              intent="disable"
              action="disable_two_factor"
              title={t(page.required ? 'security.twoFactor.rebind' : 'security.twoFactor.disable')}
              body={
                page.required
                  ? t('security.required.note')
                  : t('security.effect.disable_two_factor')
              }
              open={confirmAction === 'disable_two_factor'}
              result={result}
              methods={page.confirmMethods}
              busy={busy}
              danger
            />
            <Link to="/account" className="block text-sm text-slate-500 hover:underline">
              {t('security.back')}
            </Link>
          </>
        )}
      </div>
    </ConsoleShell>
  );
}

/**
 * A sensitive operation's button: straight through while the session's confirmation holds.
 * Refused for want of one, it opens as a confirmation dialog that says what is about to happen
 * and asks for the password or a code; its submit confirms and then does it.
 */
function ManageForm({
  intent,
  action,
  title,
  body,
  open,
  result,
  methods,
  busy,
  danger,
}: {
  intent: string;
  action: SensitiveAction;
  title: string;
  body: string;
  open: boolean;
  result: ActionResult | undefined;
  methods: Array<'password' | 'totp'>;
  busy: boolean;
  danger?: boolean;
}) {
  const t = useT();
  const mine = result?.intent === intent;
  return (
    <Panel title={title}>
      <Form method="post" className="space-y-3" noValidate>
        <p className="text-sm text-slate-600">{body}</p>
        {mine && result?.formError ? <Alert>{result.formError}</Alert> : null}
        {open ? (
          <ConfirmIdentityFields
            action={action}
            methods={methods}
            errors={mine ? result?.fieldErrors : undefined}
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Btn
            type="submit"
            name="intent"
            value={intent}
            variant={danger ? 'danger' : 'secondary'}
            disabled={busy}
            className="w-full sm:w-auto"
          >
            {open ? t('security.confirm.submit', { action: title }) : title}
          </Btn>
          {open ? (
            <Link to="." className="text-sm text-slate-500 hover:underline">
              {t('security.confirm.cancel')}
            </Link>
          ) : null}
        </div>
      </Form>
    </Panel>
  );
}
