import type { TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { ListingErrors } from './listings.errors.js';
import { deleteShopCategoryRow } from './listings.queries.js';

/**
 * Deletes one of the shop's categories. Its listings stay on sale, uncategorised; the result says
 * how many moved so the console can tell the shop.
 */
export async function deleteShopCategory(
  trx: TenantTx,
  categoryId: string,
): Promise<{ listingsMoved: number }> {
  const id = parseId(categoryId, ListingErrors.SHOP_CATEGORY_NOT_FOUND, '店铺分类不存在');
  const { deleted, listingsMoved } = await deleteShopCategoryRow(trx, id);
  if (!deleted) {
    throw new DomainError(ListingErrors.SHOP_CATEGORY_NOT_FOUND, {
      userMessage: '店铺分类不存在，它可能已被删除',
      status: 404,
    });
  }
  return { listingsMoved };
}
