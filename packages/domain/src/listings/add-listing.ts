import type { TenantTx } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { assertNotBelowWholesale, pricingColumns } from './check-pricing.js';
import { withMargin, type Listing } from './listing-views.js';
import { ListingErrors } from './listings.errors.js';
import { findShopCategory, findVisibleSku, insertListing } from './listings.queries.js';
import { addListingSchema, type AddListingInput } from './listings.schemas.js';
import { deriveListingState } from './pricing.js';

/**
 * Puts a catalog SKU on sale in this shop at a fixed retail price or a markup over wholesale.
 * Refuses goods the shop cannot see (another shop's private goods read as "not found"), goods not
 * on sale, a fixed price under wholesale and a second listing of the same SKU.
 */
export async function addListing(trx: TenantTx, input: AddListingInput): Promise<Listing> {
  const data = parseInput(addListingSchema, input, ListingErrors.INVALID_INPUT);
  const sku = await findVisibleSku(trx, data.skuId);
  if (!sku) {
    throw new DomainError(ListingErrors.SKU_NOT_FOUND, {
      userMessage: '找不到这个商品规格，它可能已被删除',
      status: 404,
    });
  }
  if (
    sku.skuStatus !== 'active' ||
    sku.productStatus !== 'active' ||
    sku.supplierStatus !== 'approved'
  ) {
    throw new DomainError(ListingErrors.SKU_UNAVAILABLE, {
      userMessage: `“${sku.productName}（${sku.skuName}）”已下架或暂停供货，不能上架到店铺`,
      status: 409,
    });
  }
  assertNotBelowWholesale(data.pricing, sku.wholesalePriceFen);
  if (data.shopCategoryId && !(await findShopCategory(trx, data.shopCategoryId))) {
    throw new DomainError(ListingErrors.SHOP_CATEGORY_NOT_FOUND, {
      userMessage: '店铺分类不存在，请刷新后重新选择',
      status: 404,
    });
  }
  const state = deriveListingState(data.pricing, {
    wholesalePriceFen: sku.wholesalePriceFen,
    sellable: true,
  });
  const columns = pricingColumns(data.pricing);
  const listing = await insertListing(trx, {
    skuId: sku.skuId,
    skuOwnerKey: sku.ownerKey,
    productId: sku.productId,
    shopCategoryId: data.shopCategoryId,
    pricingMode: columns.pricing_mode,
    retailPriceFen: columns.retail_price_fen,
    markupBps: columns.markup_bps,
    priceFen: state.priceFen,
    status: state.status,
    visible: data.visible,
    featured: data.featured,
    sortOrder: data.sortOrder,
  });
  if (!listing) {
    throw new DomainError(ListingErrors.ALREADY_LISTED, {
      userMessage: `“${sku.productName}（${sku.skuName}）”已经在您的店铺上架了，可以在已上架商品中修改售价`,
      status: 409,
    });
  }
  return withMargin(listing, sku.wholesalePriceFen);
}
