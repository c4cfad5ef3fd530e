import type { TenantTx } from '@cardshop/db';
import { selectShopCategories, type ShopCategoryRow } from './listings.queries.js';

/** The shop's categories in display order, hidden ones included, with how many listings each has. */
export async function listShopCategories(
  trx: TenantTx,
): Promise<Array<ShopCategoryRow & { listingCount: number }>> {
  return selectShopCategories(trx);
}
