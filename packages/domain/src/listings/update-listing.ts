import type { TenantTx } from '@cardshop/db';
import { parseId, parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { assertNotBelowWholesale, pricingColumns } from './check-pricing.js';
import { withMargin, type Listing } from './listing-views.js';
import { ListingErrors } from './listings.errors.js';
import {
  findListingForUpdate,
  findShopCategory,
  findVisibleSku,
  updateListingRow,
} from './listings.queries.js';
import { updateListingSchema, type UpdateListingInput } from './listings.schemas.js';
import { deriveListingState, pricingOf } from './pricing.js';

/**
 * Changes a listing's pricing, shop category, visibility, featured flag or order. Price and state
 * are recomputed from the SKU as it is now, so raising a fixed price over a new wholesale price
 * puts a 'below_wholesale' listing back on sale.
 */
export async function updateListing(
  trx: TenantTx,
  listingId: string,
  input: UpdateListingInput,
): Promise<Listing> {
  const id = parseId(listingId, ListingErrors.NOT_FOUND, '店铺中没有这个商品，它可能已被移除');
  const data = parseInput(updateListingSchema, input, ListingErrors.INVALID_INPUT);
  // Lock the listing before reading the SKU: a concurrent wholesale sync then either ran already
  // (and the read below sees its price) or waits for this transaction and recomputes after it.
  const current = await findListingForUpdate(trx, id);
  if (!current) {
    throw new DomainError(ListingErrors.NOT_FOUND, {
      userMessage: '店铺中没有这个商品，它可能已被移除',
      status: 404,
    });
  }
  const sku = await findVisibleSku(trx, current.skuId);
  if (!sku) throw new Error(`listing ${id} points at an SKU this shop cannot read`);
  if (data.pricing) assertNotBelowWholesale(data.pricing, sku.wholesalePriceFen);
  if (data.shopCategoryId && !(await findShopCategory(trx, data.shopCategoryId))) {
    throw new DomainError(ListingErrors.SHOP_CATEGORY_NOT_FOUND, {
      userMessage: '店铺分类不存在，请刷新后重新选择',
      status: 404,
    });
  }
  const pricing =
    data.pricing ??
    pricingOf({
      pricing_mode: current.pricingMode,
      retail_price_fen: current.retailPriceFen,
      markup_bps: current.markupBps,
    });
  const state = deriveListingState(pricing, {
    wholesalePriceFen: sku.wholesalePriceFen,
    sellable:
      sku.skuStatus === 'active' &&
      sku.productStatus === 'active' &&
      sku.supplierStatus === 'approved',
  });
  const updated = await updateListingRow(trx, id, {
    ...(data.pricing ? pricingColumns(data.pricing) : {}),
    price_fen: state.priceFen,
    status: state.status,
    ...(data.shopCategoryId !== undefined ? { shop_category_id: data.shopCategoryId } : {}),
    ...(data.visible !== undefined ? { visible: data.visible } : {}),
    ...(data.featured !== undefined ? { featured: data.featured } : {}),
    ...(data.sortOrder !== undefined ? { sort_order: data.sortOrder } : {}),
  });
  return withMargin(updated, sku.wholesalePriceFen);
}
