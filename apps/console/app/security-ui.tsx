import { useState } from 'react';
import type { SensitiveAction } from '@cardshop/domain';
import { cx, useLang, useT, type MessageKey } from '@cardshop/ui';
import { CopyButton } from './copy-button';
import { formatTime } from './components';
import { TextField } from './ui';

/** "修改登录密码" / "change your password": what a sensitive operation does, in the page's language. */
export function useActionText() {
  const t = useT();
  return (action: SensitiveAction) => ({
    label: t(`security.action.${action}` as MessageKey),
    effect: t(`security.effect.${action}` as MessageKey),
  });
}

/**
 * The second confirmation, inline in a sensitive form: says what is about to happen, then asks
 * for the password or an authenticator code. The form's own submit button does the rest.
 */
export function ConfirmIdentityFields({
  action,
  methods,
  errors,
}: {
  action: SensitiveAction;
  methods: Array<'password' | 'totp'>;
  errors?: Record<string, string> | undefined;
}) {
  const t = useT();
  const text = useActionText()(action);
  const [method, setMethod] = useState(methods[0] ?? 'password');
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
          className="grid grid-cols-2 gap-1 rounded-lg bg-white/70 p-1 text-sm"
          role="radiogroup"
        >
          {methods.map((m) => (
            <label
              key={m}
              className={cx(
                'cursor-pointer rounded-md px-3 py-2 text-center font-medium',
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
        <TextField
          label={t('security.confirm.password')}
          name="verifyPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.verifyPassword}
        />
      ) : (
        <TextField
          label={t('security.confirm.totp')}
          name="verifyCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          error={errors?.verifyCode}
        />
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
      {t('security.confirm.until', { time: formatTime(until, lang) })}
    </p>
  );
}

/** The ten recovery codes, shown once: copy, download, and a reminder to keep them safe. */
export function RecoveryCodes({ codes, fileName }: { codes: string[]; fileName: string }) {
  const t = useT();
  const text = codes.join('\n');
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">{t('security.recovery.intro')}</p>
      <ol className="grid grid-cols-2 gap-2 rounded-xl bg-slate-50 p-4 font-mono text-sm ring-1 ring-slate-200 sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="tracking-wider select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <CopyButton
          value={text}
          label={t('security.recovery.title')}
          className="h-10 px-4 text-sm"
        />
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`${text}\n`)}`}
          download={fileName}
          className="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
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
        // The SVG is generated on the server from our own otpauth URI (qrcode), never from input.
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <div className="space-y-1 text-sm">
        <p className="text-slate-600">{t('security.enrol.manual')}</p>
        <p className="flex flex-wrap items-center gap-2">
          <code className="rounded-md bg-slate-100 px-2 py-1 font-mono text-base tracking-wider break-all select-all">
            {manualKey}
          </code>
          <CopyButton value={manualKey.replace(/ /g, '')} label={t('security.enrol.keyLabel')} />
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

/** Security notices to the account holder, newest first; unread ones marked. */
export function NoticeList({ notices }: { notices: NoticeView[] }) {
  const t = useT();
  const lang = useLang();
  if (notices.length === 0) {
    return <p className="text-sm text-slate-500">{t('security.notices.empty')}</p>;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {notices.map((n) => (
        <li key={n.id} className="py-3 text-sm">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            {n.readAt ? null : <span className="bg-brand h-2 w-2 rounded-full" aria-hidden />}
            {t(`security.notice.${n.kind}` as MessageKey)}
            <span className="font-normal text-slate-500">{formatTime(n.createdAt, lang)}</span>
          </p>
          {lang === 'zh-CN' ? <p className="mt-1 text-slate-600">{n.body}</p> : null}
        </li>
      ))}
    </ul>
  );
}
