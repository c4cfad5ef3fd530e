import type { StockDisplay } from '@cardshop/db';

/**
 * How much stock to show a buyer. The shop picks the mode (tenants.stock_display); the exact
 * count leaves the server only in 'exact' mode, or as "only N left" when fewer than 10 remain in
 * 'range' mode.
 *  - plenty: more than 100 sellable units
 *  - some:   10 to 100
 *  - few:    1 to 9
 *  - out:    none
 * In 'status' mode plenty and some are both reported as plenty (just "in stock").
 */
export type StockLevel = 'plenty' | 'some' | 'few' | 'out';

export interface StockView {
  mode: StockDisplay;
  level: StockLevel;
  /** The count to show, or null when the mode hides it. */
  count: number | null;
}

export const STOCK_PLENTY_ABOVE = 100;
export const STOCK_FEW_BELOW = 10;

export function stockView(mode: StockDisplay, available: number | null): StockView {
  // No limit (top-ups, fulfilled by the supplier): in stock, with no count to show.
  if (available === null) return { mode, level: 'plenty', count: null };
  const units = Math.max(0, Math.floor(available));
  const level: StockLevel =
    units === 0
      ? 'out'
      : units < STOCK_FEW_BELOW
        ? 'few'
        : units > STOCK_PLENTY_ABOVE
          ? 'plenty'
          : 'some';
  switch (mode) {
    case 'exact':
      return { mode, level, count: units };
    case 'range':
      return { mode, level, count: level === 'few' ? units : null };
    case 'status':
      return { mode, level: level === 'some' ? 'plenty' : level, count: null };
  }
}
