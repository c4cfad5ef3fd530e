import {
  data,
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
  useSearchParams,
} from '@remix-run/react';
import {
  disableCustomerTwoFactor,
  getCustomerConfirmation,
  getCustomerNotices,
  getCustomerTwoFactor,
  markCustomerNoticesAllRead,
  maskEmail,
  maskPhone,
  regenerateCustomerRecoveryCodes,
  sendAccountCode,
  type SensitiveAction,
} from '@cardshop/domain';
import { Alert, cx, translate, useLang, useT } from '@cardshop/ui';
import {
  ConfirmedNote,
  ConfirmIdentityFields,
  NoticeList,
  RecoveryCodes,
  when,
} from '../components/security-ui';
import { customerCtx, requireCustomer, text } from '../customer.server';
import { rootDataOf, shopMeta } from '../lib/meta';
import { confirmFromForm, securityFailure, type SecurityFormResult } from '../lib/security.server';
import { SecurityCentreDetails, SecurityCentreSummary } from '../components/security-centre';
import { loadSecurityCentre } from '../lib/security-centre.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const [twoFactor, confirmation, notices] = [
    await getCustomerTwoFactor(ctx, auth),
    await getCustomerConfirmation(ctx, auth),
    await getCustomerNotices(ctx, auth, 20),
  ];
  return {
    centre: await loadSecurityCentre(request, context, auth),
    contacts: {
      phone: customer.phone ? maskPhone(customer.phone) : null,
      email: customer.email ? maskEmail(customer.email) : null,
    },
    twoFactor: {
      enabled: twoFactor.enabled,
      enabledAt: twoFactor.enabledAt?.toISOString() ?? null,
      recoveryCodesLeft: twoFactor.recoveryCodesLeft,
    },
    confirmedUntil: confirmation.confirmedUntil?.toISOString() ?? null,
    confirmMethods: confirmation.methods,
    notices: notices.items.map((n) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: notices.unread,
  };
}

export const meta: MetaFunction = ({ matches }) =>
  shopMeta(matches, translate(rootDataOf(matches)?.lang ?? 'zh-CN', 'account.nav.security'));

type Operation = 'regenerate' | 'disable';
const SENSITIVE: Record<Operation, SensitiveAction> = {
  regenerate: 'regenerate_recovery_codes',
  disable: 'disable_two_factor',
};

type ActionResult = SecurityFormResult & {
  operation?: Operation;
  recoveryCodes?: string[];
  disabled?: boolean;
  codeSentTo?: string;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { customer, sessionId } = await requireCustomer(request, context);
  const ctx = customerCtx(request, context);
  const auth = { customerId: customer.id, sessionId };
  const form = await request.formData();
  const intent = text(form, 'intent');
  if (intent === 'read-notices') {
    await markCustomerNoticesAllRead(ctx, auth);
    return data<ActionResult>({});
  }
  const operation = text(form, 'operation');
  if (operation !== 'regenerate' && operation !== 'disable') {
    return data<ActionResult>(
      { formError: translate(context.lang, 'security.unknownAction') },
      400,
    );
  }
  const sensitive = SENSITIVE[operation];
  const confirming = form.has('verifyMethod') ? sensitive : undefined;
  try {
    if (intent === 'send-verify-code') {
      const sent = await sendAccountCode(ctx, auth);
      return data<ActionResult>({ operation, confirm: sensitive, codeSentTo: sent.sentTo });
    }
    // The inline confirmation (when the refusal asked for it) first, then the operation.
    await confirmFromForm(ctx, auth, form);
    if (operation === 'regenerate') {
      const { recoveryCodes } = await regenerateCustomerRecoveryCodes(ctx, auth);
      return data<ActionResult>({ operation, recoveryCodes });
    }
    await disableCustomerTwoFactor(ctx, auth);
    return data<ActionResult>({ operation, disabled: true });
  } catch (error) {
    const { body, status } = securityFailure(error, { confirming });
    return data<ActionResult>(
      { ...body, operation, ...(intent === 'send-verify-code' ? { confirm: sensitive } : {}) },
      status,
    );
  }
}

export default function AccountSecurity() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const t = useT();
  const lang = useLang();
  const recoveryLeft = params.get('recoveryLeft');
  const changed = params.get('changed');

  if (result?.recoveryCodes) {
    return (
      <section className="space-y-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <Alert tone="info">{t('security.recovery.regenerated')}</Alert>
        <h1 className="text-lg font-semibold">{t('security.recovery.title')}</h1>
        <RecoveryCodes codes={result.recoveryCodes} fileName="recovery-codes.txt" />
        <Link
          to="/account/security"
          className="bg-brand inline-flex h-10 items-center rounded-lg px-4 text-sm font-medium text-white"
        >
          {t('security.recovery.done')}
        </Link>
      </section>
    );
  }

  return (
    <div className="space-y-4">
      {recoveryLeft !== null ? (
        <Alert tone="info">
          {t('security.recovery.usedOne', { count: Number(recoveryLeft) || 0 })}
        </Alert>
      ) : null}
      {result?.disabled ? <Alert tone="info">{t('security.twoFactor.disabled')}</Alert> : null}
      {changed === 'phone' || changed === 'email' ? (
        <Alert tone="info">{t(`account.contact.done.${changed}`)}</Alert>
      ) : null}

      <SecurityCentreSummary centre={page.centre} />

      <section className="space-y-3 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">{t('security.twoFactor.title')}</h2>
          <span
            className={cx(
              'rounded-full px-2 py-0.5 text-xs font-medium',
              page.twoFactor.enabled
                ? 'bg-emerald-50 text-emerald-700'
                : 'bg-slate-100 text-slate-600',
            )}
          >
            {t(page.twoFactor.enabled ? 'security.twoFactor.on' : 'security.twoFactor.off')}
          </span>
        </div>
        <p className="text-sm text-slate-600">{t('security.twoFactor.introCustomer')}</p>
        {page.twoFactor.enabled ? (
          <>
            <p className="text-sm text-slate-700">
              {page.twoFactor.enabledAt
                ? t('security.twoFactor.since', { date: when(page.twoFactor.enabledAt, lang) })
                : null}
              {' · '}
              {t('security.twoFactor.codesLeft', { count: page.twoFactor.recoveryCodesLeft })}
            </p>
            {page.twoFactor.recoveryCodesLeft <= 3 ? (
              <p className="text-sm text-amber-800">{t('security.recovery.low')}</p>
            ) : null}
            {page.confirmedUntil ? <ConfirmedNote until={page.confirmedUntil} /> : null}
          </>
        ) : (
          <Link
            to="/account/two-factor"
            className="bg-brand inline-flex h-10 items-center rounded-lg px-4 text-sm font-medium text-white"
          >
            {t('security.twoFactor.enable')}
          </Link>
        )}
      </section>

      {page.twoFactor.enabled ? (
        <>
          <ManageForm
            operation="regenerate"
            title={t('security.twoFactor.regenerate')}
            body={t('security.effect.regenerate_recovery_codes')}
            result={result}
            methods={page.confirmMethods}
            busy={busy}
          />
          <ManageForm
            operation="disable"
            title={t('security.twoFactor.disable')}
            body={t('security.effect.disable_two_factor')}
            result={result}
            methods={page.confirmMethods}
            busy={busy}
            danger
          />
        </>
      ) : null}

      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="font-semibold">{t('account.contact.title')}</h2>
        <dl className="mt-2 divide-y divide-slate-100 text-sm">
          {(['phone', 'email'] as const).map((kind) => (
            <div key={kind} className="flex items-center justify-between gap-3 py-2">
              <dt className="text-slate-500">{t(`account.overview.${kind}`)}</dt>
              <dd className="flex items-center gap-3">
                <span className="font-medium">
                  {page.contacts[kind] ?? t('account.overview.notLinked')}
                </span>
                <Link
                  to={`/account/contact?kind=${kind}`}
                  className="text-brand text-sm whitespace-nowrap hover:underline"
                >
                  {t(page.contacts[kind] ? 'account.contact.change' : 'account.contact.add')}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-center justify-between gap-3">
          <h2 className="font-semibold">
            {t('security.notices.title')}
            {page.unread ? (
              <span className="bg-brand ml-2 rounded-full px-2 py-0.5 text-xs text-white">
                {t('security.notices.unread', { count: page.unread })}
              </span>
            ) : null}
          </h2>
          {page.unread ? (
            <Form method="post">
              <button
                name="intent"
                value="read-notices"
                className="text-brand text-sm whitespace-nowrap hover:underline"
              >
                {t('security.notices.markRead')}
              </button>
            </Form>
          ) : null}
        </div>
        <NoticeList notices={page.notices} />
      </section>

      <SecurityCentreDetails centre={page.centre} />
    </div>
  );
}

/**
 * A sensitive operation's button: straight through while the session's confirmation holds.
 * Refused for want of one, it opens as a confirmation that says what is about to happen and asks
 * for a password or code; its submit confirms and then does it.
 */
function ManageForm({
  operation,
  title,
  body,
  result,
  methods,
  busy,
  danger,
}: {
  operation: Operation;
  title: string;
  body: string;
  result: ActionResult | undefined;
  methods: Parameters<typeof ConfirmIdentityFields>[0]['methods'];
  busy: boolean;
  danger?: boolean;
}) {
  const t = useT();
  const mine = result?.operation === operation;
  const open = mine && result?.confirm === SENSITIVE[operation];
  return (
    <section className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <Form method="post" className="space-y-3" noValidate>
        <input type="hidden" name="operation" value={operation} />
        {/* Enter in a field does the operation (the first submit button is the form's default). */}
        <button
          type="submit"
          name="intent"
          value="do"
          tabIndex={-1}
          aria-hidden
          className="absolute -left-[9999px] h-0 w-0"
        />
        <h2 className="font-semibold">{title}</h2>
        <p className="text-sm text-slate-600">{body}</p>
        {mine && result?.formError ? <Alert>{result.formError}</Alert> : null}
        {open ? (
          <ConfirmIdentityFields
            action={SENSITIVE[operation]}
            methods={methods}
            defaultMethod={result?.codeSentTo ? 'code' : undefined}
            codeSentTo={result?.codeSentTo}
            errors={result?.fieldErrors}
            busy={busy}
          />
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            name="intent"
            value="do"
            disabled={busy}
            className={cx(
              'h-10 w-full rounded-lg px-4 text-sm font-medium disabled:opacity-50 sm:w-auto',
              danger
                ? 'bg-red-600 text-white'
                : 'bg-white text-slate-700 ring-1 ring-slate-300 ring-inset',
            )}
          >
            {open ? t('security.confirm.submit', { action: title }) : title}
          </button>
          {open ? (
            <Link to="." className="text-sm text-slate-500 hover:underline">
              {t('security.confirm.cancel')}
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
