import { useState } from 'react';
import type { SensitiveAction } from '@cardshop/domain';
import {
  cx,
  EnrolmentQr as SharedEnrolmentQr,
  RecoveryCodes as SharedRecoveryCodes,
  useActionText,
  useT,
  type MessageKey,
} from '@cardshop/ui';
import { CopyButton } from './copy-button';
import { TextField } from './ui';

export { ConfirmedNote, NoticeList, useActionText } from '@cardshop/ui';
export type { NoticeView } from '@cardshop/ui';

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

/** The shared recovery codes with the console's copy button and download link. */
export function RecoveryCodes({ codes, fileName }: { codes: string[]; fileName: string }) {
  const t = useT();
  return (
    <SharedRecoveryCodes
      codes={codes}
      fileName={fileName}
      copy={(text) => (
        <CopyButton
          value={text}
          label={t('security.recovery.title')}
          className="h-10 px-4 text-sm"
        />
      )}
      downloadClassName="inline-flex h-10 items-center rounded-md bg-white px-4 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
    />
  );
}

/** The shared enrolment QR code with the console's copy button. */
export function EnrolmentQr(props: { qrSvg: string; manualKey: string; accountName: string }) {
  const t = useT();
  return (
    <SharedEnrolmentQr
      {...props}
      copy={(key) => <CopyButton value={key} label={t('security.enrol.keyLabel')} />}
    />
  );
}
