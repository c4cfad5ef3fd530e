import { cx, useT } from '@cardshop/ui';

/**
 * A whole-number quantity with − and + buttons. By default the buttons change the field in the
 * browser (the field is a plain number input, so the form works without JavaScript too). With
 * `submitSteps` they are submit buttons sending `step` = -1 or 1 with the typed quantity, so each
 * tap saves at once, with or without JavaScript.
 */
export function QuantityStepper({
  id,
  name,
  value,
  min,
  max,
  onChange,
  disabled,
  invalid,
  describedBy,
  size = 'md',
  submitSteps = false,
}: {
  id: string;
  name: string;
  value: number;
  min: number;
  max: number;
  onChange: (next: number) => void;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string | undefined;
  size?: 'sm' | 'md';
  submitSteps?: boolean;
}) {
  const t = useT();
  const clamp = (n: number) => Math.min(Math.max(n, min), Math.max(min, max));
  const box = size === 'sm' ? 'h-8 w-8 text-base' : 'h-10 w-10 text-lg';
  return (
    <div
      className={cx(
        'inline-flex items-stretch overflow-hidden rounded-lg border bg-white shadow-sm',
        invalid ? 'border-red-500' : 'border-slate-300',
        disabled && 'opacity-60',
      )}
    >
      <button
        {...(submitSteps
          ? { type: 'submit' as const, name: 'step', value: '-1' }
          : { type: 'button' as const, onClick: () => onChange(clamp(value - 1)) })}
        aria-label={t('cart.qty.decrease')}
        aria-controls={id}
        disabled={disabled || value <= min}
        className={cx(box, 'shrink-0 text-slate-600 hover:bg-slate-50 disabled:text-slate-300')}
      >
        −
      </button>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={Number.isFinite(value) ? value : ''}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === '' ? NaN : Math.trunc(Number(e.target.value)))}
        onBlur={() => onChange(Number.isFinite(value) ? clamp(value) : min)}
        className={cx(
          size === 'sm' ? 'h-8 w-12' : 'h-10 w-14',
          '[appearance:textfield] border-x border-slate-200 text-center text-sm tabular-nums outline-none focus:bg-slate-50 [&::-webkit-inner-spin-button]:appearance-none [&::-webkit-outer-spin-button]:appearance-none',
        )}
      />
      <button
        {...(submitSteps
          ? { type: 'submit' as const, name: 'step', value: '1' }
          : {
              type: 'button' as const,
              onClick: () => onChange(clamp((Number.isFinite(value) ? value : min - 1) + 1)),
            })}
        aria-label={t('cart.qty.increase')}
        aria-controls={id}
        disabled={disabled || value >= max}
        className={cx(box, 'shrink-0 text-slate-600 hover:bg-slate-50 disabled:text-slate-300')}
      >
        +
      </button>
    </div>
  );
}
