import type { ListingRow } from './listings.queries.js';

/** A listing with the supplier's wholesale price and the shop's margin per unit sold. */
export interface Listing extends ListingRow {
  wholesalePriceFen: number;
  /** price_fen − wholesale: what the shop earns per unit (before any platform fee). */
  marginFen: number;
}

export function withMargin<T extends ListingRow>(
  row: T,
  wholesalePriceFen: number,
): T & { wholesalePriceFen: number; marginFen: number } {
  return { ...row, wholesalePriceFen, marginFen: row.priceFen - wholesalePriceFen };
}
