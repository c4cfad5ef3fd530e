import { Field, useT } from '@cardshop/ui';

/** The one-time code input with its "send code" button (submits intent=send-code). */
export function CodeField({
  id,
  error,
  busy,
}: {
  /** Set when the page has more than one code input (the label needs a unique id). */
  id?: string | undefined;
  error?: string | undefined;
  busy: boolean;
}) {
  const t = useT();
  return (
    <div className="flex items-end gap-2">
      <div className="flex-1">
        <Field
          id={id}
          label={t('account.field.code')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          error={error}
        />
      </div>
      <button
        type="submit"
        name="intent"
        value="send-code"
        formNoValidate
        disabled={busy}
        className="border-brand text-brand h-10 shrink-0 rounded-lg border px-3 text-sm font-medium disabled:opacity-50"
      >
        {t('account.code.send')}
      </button>
    </div>
  );
}
