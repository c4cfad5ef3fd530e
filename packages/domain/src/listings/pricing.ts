export type ListingStatus = 'active' | 'below_wholesale' | 'supplier_delisted';

export type ListingPricing =
  { mode: 'fixed'; retailPriceFen: number } | { mode: 'markup'; markupBps: number };

/** wholesale × (1 + markup), rounded up to the fen, in integers (no float rounding drift). */
export function markupPriceFen(wholesaleFen: number, markupBps: number): number {
  return Math.floor((wholesaleFen * (10_000 + markupBps) + 9_999) / 10_000);
}

/** The price a buyer pays for a listing with this pricing over this wholesale price. */
export function listingPriceFen(pricing: ListingPricing, wholesaleFen: number): number {
  return pricing.mode === 'fixed'
    ? pricing.retailPriceFen
    : markupPriceFen(wholesaleFen, pricing.markupBps);
}

/**
 * A listing's price and state from its pricing and the SKU as it is now: goods the supplier no
 * longer sells are 'supplier_delisted'; a fixed price that a wholesale rise overtook is
 * 'below_wholesale' (not for sale until the shop reprices). Both are off sale; only 'active' sells.
 */
export function deriveListingState(
  pricing: ListingPricing,
  sku: { wholesalePriceFen: number; sellable: boolean },
): { priceFen: number; status: ListingStatus } {
  const priceFen = listingPriceFen(pricing, sku.wholesalePriceFen);
  if (!sku.sellable) return { priceFen, status: 'supplier_delisted' };
  if (priceFen < sku.wholesalePriceFen) return { priceFen, status: 'below_wholesale' };
  return { priceFen, status: 'active' };
}

/** The stored columns as a pricing value. */
export function pricingOf(row: {
  pricing_mode: 'fixed' | 'markup';
  retail_price_fen: number | null;
  markup_bps: number | null;
}): ListingPricing {
  return row.pricing_mode === 'fixed'
    ? { mode: 'fixed', retailPriceFen: Number(row.retail_price_fen) }
    : { mode: 'markup', markupBps: Number(row.markup_bps) };
}

/** "加价 12.5%" from basis points. */
export function formatMarkup(markupBps: number): string {
  return `${(markupBps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
