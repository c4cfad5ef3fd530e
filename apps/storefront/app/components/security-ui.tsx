import { useState } from 'react';
import type { CustomerConfirmMethod, SensitiveAction } from '@cardshop/domain';
import { cx, Field, useLang, useT, type MessageKey } from '@cardshop/ui';
import { CopyButton } from './copy-button';

export function when(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** What a sensitive operation does, in the page's language. */
export function useActionText() {
  const t = useT();
  return (action: SensitiveAction) => ({
    label: t(`security.action.${action}` as MessageKey),
    effect: t(`security.effect.${action}` as MessageKey),
  });
}

/**
 * The second confirmation inside a sensitive form: what is about to happen, then the password,
 * an authenticator code, or a code sent to the customer's own phone or email ("send code"
 * submits the form with intent=send-verify-code).
 */
export function ConfirmIdentityFields({
  action,
  methods,
  defaultMethod,
  errors,
  codeSentTo,
  busy,
}: {
  action: SensitiveAction;
  methods: CustomerConfirmMethod[];
  defaultMethod?: CustomerConfirmMethod | undefined;
  errors?: Record<string, string> | undefined;
  codeSentTo?: string | undefined;
  busy: boolean;
}) {
  const t = useT();
  const text = useActionText()(action);
  const [method, setMethod] = useState<CustomerConfirmMethod>(
    defaultMethod && methods.includes(defaultMethod) ? defaultMethod : (methods[0] ?? 'code'),
  );
  return (
    <fieldset className="space-y-3 rounded-xl border border-amber-200 bg-amber-50 p-4">
      <legend className="px-1 text-sm font-semibold text-amber-900">
        {t('security.confirm.title')}
      </legend>
      <p className="text-sm text-amber-900">
        {t('security.confirm.intro', { action: text.label, effect: text.effect })}
      </p>
      {methods.length > 1 ? (
        <div
          className={cx(
            'grid gap-1 rounded-lg bg-white/70 p-1 text-sm',
            methods.length === 3 ? 'grid-cols-3' : 'grid-cols-2',
          )}
          role="radiogroup"
        >
          {methods.map((m) => (
            <label
              key={m}
              className={cx(
                'cursor-pointer rounded-md px-2 py-2 text-center font-medium',
                method === m ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600',
              )}
            >
              <input
                type="radio"
                name="verifyMethod"
                value={m}
                checked={method === m}
                onChange={() => setMethod(m)}
                className="sr-only"
              />
              {t(`security.confirm.method.${m}` as MessageKey)}
            </label>
          ))}
        </div>
      ) : (
        <input type="hidden" name="verifyMethod" value={method} />
      )}
      {method === 'password' ? (
        <Field
          label={t('security.confirm.password')}
          name="verifyPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.verifyPassword}
        />
      ) : method === 'totp' ? (
        <Field
          label={t('security.confirm.totp')}
          name="verifyCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          error={errors?.verifyCode}
        />
      ) : (
        <div className="space-y-2">
          {codeSentTo ? (
            <p role="status" className="text-sm text-amber-900">
              {t('account.code.sent', { to: codeSentTo })}
            </p>
          ) : null}
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <Field
                label={t('security.confirm.smsCode')}
                name="verifyCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                error={errors?.verifyCode}
              />
            </div>
            <button
              type="submit"
              name="intent"
              value="send-verify-code"
              formNoValidate
              disabled={busy}
              className="border-brand text-brand h-10 shrink-0 rounded-lg border bg-white px-3 text-sm font-medium disabled:opacity-50"
            >
              {t('account.code.send')}
            </button>
          </div>
        </div>
      )}
    </fieldset>
  );
}

/** "Identity confirmed until 21:35": sensitive operations go straight through until then. */
export function ConfirmedNote({ until }: { until: string }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      {t('security.confirm.until', {
        time: new Date(until).toLocaleTimeString(lang, {
          timeZone: 'Asia/Shanghai',
          hour: '2-digit',
          minute: '2-digit',
        }),
      })}
    </p>
  );
}

/** The ten recovery codes, shown once: copy, download, and how to keep them. */
export function RecoveryCodes({ codes, fileName }: { codes: string[]; fileName: string }) {
  const t = useT();
  const text = codes.join('\n');
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t('security.recovery.intro')}</p>
      <ol className="grid grid-cols-2 gap-2 rounded-xl bg-slate-50 p-4 font-mono text-sm ring-1 ring-slate-200">
        {codes.map((code) => (
          <li key={code} className="tracking-wider select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={text} label={t('security.recovery.copy')} className="px-4 py-2 text-sm" />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`}
          download={fileName}
          className="rounded-lg bg-white px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300"
        >
          {t('security.recovery.download')}
        </a>
      </div>
    </div>
  );
}

/** The QR code to scan, and the same key in groups of four for typing in by hand. */
export function EnrolmentQr({
  qrSvg,
  manualKey,
  accountName,
}: {
  qrSvg: string;
  manualKey: string;
  accountName: string;
}) {
  const t = useT();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">{t('security.enrol.step1')}</p>
      <div
        role="img"
        aria-label={t('security.enrol.qrAlt')}
        className="mx-auto w-56 max-w-full rounded-xl bg-white p-2 ring-1 ring-slate-200 [&>svg]:h-auto [&>svg]:w-full"
        // Generated on the server from our own otpauth URI (qrcode), never from input.
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <div className="space-y-1 text-sm">
        <p className="text-slate-600">{t('security.enrol.manual')}</p>
        <p className="flex flex-wrap items-center gap-2">
          <code className="rounded-md bg-slate-100 px-2 py-1 font-mono text-base tracking-wider break-all select-all">
            {manualKey}
          </code>
          <CopyButton text={manualKey.replace(/ /g, '')} />
        </p>
        <p className="text-xs text-slate-500">
          {t('security.enrol.account', { account: accountName })}
        </p>
      </div>
    </div>
  );
}

export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** Security notices to the account holder (站内信), newest first; unread ones marked. */
export function NoticeList({ notices }: { notices: NoticeView[] }) {
  const t = useT();
  const lang = useLang();
  if (notices.length === 0) {
    return <p className="mt-2 text-sm text-slate-500">{t('security.notices.empty')}</p>;
  }
  return (
    <ul className="mt-2 divide-y divide-slate-100">
      {notices.map((n) => (
        <li key={n.id} className="py-2 text-sm">
          <p className="flex flex-wrap items-center justify-between gap-x-3">
            <span className="flex items-center gap-2 font-medium">
              {n.readAt ? null : <span className="bg-brand h-2 w-2 rounded-full" aria-hidden />}
              {t(`security.notice.${n.kind}` as MessageKey)}
            </span>
            <span className="text-slate-500">{when(n.createdAt, lang)}</span>
          </p>
          {lang === 'zh-CN' ? <p className="mt-1 text-slate-600">{n.body}</p> : null}
        </li>
      ))}
    </ul>
  );
}
