import type { TenantTx } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { ListingErrors } from './listings.errors.js';
import { insertShopCategory, type ShopCategoryRow } from './listings.queries.js';
import { createShopCategorySchema, type CreateShopCategoryInput } from './listings.schemas.js';

/** Adds one of the shop's own categories (its storefront navigation, /c/:slug). */
export async function createShopCategory(
  trx: TenantTx,
  input: CreateShopCategoryInput,
): Promise<ShopCategoryRow> {
  const data = parseInput(createShopCategorySchema, input, ListingErrors.INVALID_INPUT);
  const category = await insertShopCategory(trx, data);
  if (!category) {
    throw new DomainError(ListingErrors.SHOP_CATEGORY_SLUG_TAKEN, {
      userMessage: `分类地址“${data.slug}”已被店铺中的另一个分类使用，请换一个`,
      status: 409,
    });
  }
  return category;
}
