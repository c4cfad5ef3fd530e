import type { TenantTx } from '@cardshop/db';
import { withMargin } from './listing-views.js';
import { selectShopListings, type ShopListingRow } from './listings.queries.js';

export interface ShopListing extends ShopListingRow {
  /** price_fen − wholesale: what the shop earns per unit. */
  marginFen: number;
}

/**
 * Everything this shop lists, for its console: goods, wholesale and retail price, margin per
 * unit, state, stock, shop category; ordered by shop category, then the shop's own order.
 * shopCategoryId null lists the uncategorised ones.
 */
export async function listShopListings(
  trx: TenantTx,
  filter: { shopCategoryId?: string | null } = {},
): Promise<ShopListing[]> {
  const rows = await selectShopListings(trx, filter);
  return rows.map((r) => withMargin(r, r.wholesalePriceFen));
}
