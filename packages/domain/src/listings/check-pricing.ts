import { formatYuan } from '../catalog/money.js';
import { DomainError } from '../errors.js';
import { ListingErrors } from './listings.errors.js';
import type { ListingPricing } from './pricing.js';

/** A shop may never set a fixed price under the wholesale price; equal is allowed (no margin). */
export function assertNotBelowWholesale(pricing: ListingPricing, wholesalePriceFen: number): void {
  if (pricing.mode === 'fixed' && pricing.retailPriceFen < wholesalePriceFen) {
    throw new DomainError(ListingErrors.BELOW_WHOLESALE, {
      userMessage: `零售价 ${formatYuan(pricing.retailPriceFen)} 元低于批发价 ${formatYuan(wholesalePriceFen)} 元，请把售价设为不低于 ${formatYuan(wholesalePriceFen)} 元`,
      status: 422,
      details: { retailPriceFen: pricing.retailPriceFen, wholesalePriceFen },
    });
  }
}

/** The stored columns for a pricing value. */
export function pricingColumns(pricing: ListingPricing) {
  return pricing.mode === 'fixed'
    ? {
        pricing_mode: 'fixed' as const,
        retail_price_fen: pricing.retailPriceFen,
        markup_bps: null,
      }
    : { pricing_mode: 'markup' as const, retail_price_fen: null, markup_bps: pricing.markupBps };
}
