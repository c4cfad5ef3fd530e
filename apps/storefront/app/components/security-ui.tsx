import { useState } from 'react';
import type { CustomerConfirmMethod, SensitiveAction } from '@cardshop/domain';
import {
  ConfirmedNote as SharedConfirmedNote,
  cx,
  EnrolmentQr as SharedEnrolmentQr,
  Field,
  NoticeList as SharedNoticeList,
  RecoveryCodes as SharedRecoveryCodes,
  useActionText,
  useT,
  type MessageKey,
  type NoticeView,
} from '@cardshop/ui';
import { CopyButton } from './copy-button';

export { useActionText } from '@cardshop/ui';
export type { NoticeView } from '@cardshop/ui';

export function when(iso: string, lang: string) {
  return new Date(iso).toLocaleString(lang, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
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

/** "Identity confirmed until 21:35", the hour and minute only. */
export function ConfirmedNote({ until }: { until: string }) {
  return <SharedConfirmedNote until={until} timeOnly />;
}

/** The shared recovery codes with the storefront's copy button and download link. */
export function RecoveryCodes({ codes, fileName }: { codes: string[]; fileName: string }) {
  const t = useT();
  return (
    <SharedRecoveryCodes
      codes={codes}
      fileName={fileName}
      copy={(text) => (
        <CopyButton text={text} label={t('security.recovery.copy')} className="px-4 py-2 text-sm" />
      )}
      downloadClassName="rounded-lg bg-white px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300"
    />
  );
}

/** The shared enrolment QR code with the storefront's copy button. */
export function EnrolmentQr(props: { qrSvg: string; manualKey: string; accountName: string }) {
  return <SharedEnrolmentQr {...props} copy={(key) => <CopyButton text={key} />} />;
}

/** Security notices (站内信), each notice's time at the far end of its line. */
export function NoticeList({ notices }: { notices: NoticeView[] }) {
  return <SharedNoticeList notices={notices} timeAtEnd formatTime={when} />;
}
