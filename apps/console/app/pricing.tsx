import { useState } from 'react';
import { cx, useT } from '@cardshop/ui';
import {
  bpsToPercentInput,
  fenToYuanInput,
  formatFen,
  markupPriceFen,
  parsePercentToBps,
  parseYuanToFen,
} from './money';

/**
 * Fixed price or markup over wholesale, with the buyer's price and the shop's margin worked out as
 * the owner types. Only a hint: the server parses and checks the price again.
 */
export function PricingFields({
  idPrefix,
  wholesaleFen,
  defaults,
  errors,
  compact,
}: {
  idPrefix: string;
  wholesaleFen: number;
  defaults?: { mode?: string; retailPrice?: string; markupPercent?: string };
  errors?: Record<string, string> | undefined;
  compact?: boolean;
}) {
  const t = useT();
  const [mode, setMode] = useState(defaults?.mode === 'markup' ? 'markup' : 'fixed');
  const [retail, setRetail] = useState(
    defaults?.retailPrice ?? fenToYuanInput(markupPriceFen(wholesaleFen, 2000)),
  );
  const [markup, setMarkup] = useState(defaults?.markupPercent ?? bpsToPercentInput(2000));

  let price: number | null = null;
  if (mode === 'fixed') {
    const parsed = parseYuanToFen(retail, '');
    price = parsed.ok ? parsed.value : null;
  } else {
    const parsed = parsePercentToBps(markup, '');
    price = parsed.ok ? markupPriceFen(wholesaleFen, parsed.value) : null;
  }
  const margin = price === null ? null : price - wholesaleFen;
  const error = errors?.retailPrice ?? errors?.markupPercent ?? errors?.pricing;

  const input = (invalid: boolean, active: boolean) =>
    cx(
      'focus:border-brand focus:ring-brand block h-9 w-full rounded-lg border bg-white text-sm shadow-sm outline-none focus:ring-1',
      invalid ? 'border-red-500' : 'border-slate-300',
      !active && 'opacity-60',
    );

  return (
    <div className={cx('space-y-2', compact && 'text-sm')}>
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="sr-only">{t('console.pricing.mode')}</legend>
        <div className="flex items-center gap-2">
          <label className="flex w-24 shrink-0 items-center gap-1.5 text-sm">
            <input
              type="radio"
              name="mode"
              value="fixed"
              checked={mode === 'fixed'}
              onChange={() => setMode('fixed')}
              className="accent-brand"
            />
            {t('console.pricing.fixed')}
          </label>
          <div className="relative w-full max-w-36">
            <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">
              ¥
            </span>
            <input
              id={`${idPrefix}-retail`}
              name="retailPrice"
              inputMode="decimal"
              aria-label={t('console.pricing.retailPrice')}
              aria-invalid={errors?.retailPrice ? true : undefined}
              value={retail}
              onChange={(e) => setRetail(e.target.value)}
              onFocus={() => setMode('fixed')}
              className={cx(input(!!errors?.retailPrice, mode === 'fixed'), 'pr-2 pl-7')}
            />
          </div>
        </div>
        <div className="flex items-center gap-2">
          <label className="flex w-24 shrink-0 items-center gap-1.5 text-sm">
            <input
              type="radio"
              name="mode"
              value="markup"
              checked={mode === 'markup'}
              onChange={() => setMode('markup')}
              className="accent-brand"
            />
            {t('console.pricing.markup')}
          </label>
          <div className="relative w-full max-w-36">
            <input
              id={`${idPrefix}-markup`}
              name="markupPercent"
              inputMode="decimal"
              aria-label={t('console.pricing.markupPercent')}
              aria-invalid={errors?.markupPercent ? true : undefined}
              value={markup}
              onChange={(e) => setMarkup(e.target.value)}
              onFocus={() => setMode('markup')}
              className={cx(input(!!errors?.markupPercent, mode === 'markup'), 'pr-7 pl-3')}
            />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-slate-500">
              %
            </span>
          </div>
        </div>
      </fieldset>
      <p className="text-xs text-slate-500" aria-live="polite">
        {t('console.pricing.wholesale')} {formatFen(wholesaleFen)}
        {price === null ? null : (
          <>
            {' · '}
            {t('console.pricing.buyerPays')} <b className="text-slate-700">{formatFen(price)}</b>
            {' · '}
            {t('console.pricing.margin')}{' '}
            <b className={margin !== null && margin < 0 ? 'text-red-600' : 'text-emerald-700'}>
              {formatFen(margin)}
            </b>
          </>
        )}
      </p>
      {error ? <p className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}
