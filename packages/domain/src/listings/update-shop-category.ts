import type { TenantTx } from '@cardshop/db';
import { parseId, parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { ListingErrors } from './listings.errors.js';
import {
  findShopCategory,
  findShopCategoryBySlug,
  updateShopCategoryRow,
  type ShopCategoryRow,
} from './listings.queries.js';
import { updateShopCategorySchema, type UpdateShopCategoryInput } from './listings.schemas.js';

export async function updateShopCategory(
  trx: TenantTx,
  categoryId: string,
  input: UpdateShopCategoryInput,
): Promise<ShopCategoryRow> {
  const id = parseId(categoryId, ListingErrors.SHOP_CATEGORY_NOT_FOUND, '店铺分类不存在');
  const data = parseInput(updateShopCategorySchema, input, ListingErrors.INVALID_INPUT);
  const current = await findShopCategory(trx, id);
  if (!current) {
    throw new DomainError(ListingErrors.SHOP_CATEGORY_NOT_FOUND, {
      userMessage: '店铺分类不存在',
      status: 404,
    });
  }
  if (data.slug && data.slug !== current.slug) {
    const other = await findShopCategoryBySlug(trx, data.slug);
    if (other) {
      throw new DomainError(ListingErrors.SHOP_CATEGORY_SLUG_TAKEN, {
        userMessage: `分类地址“${data.slug}”已被店铺中的另一个分类使用，请换一个`,
        status: 409,
      });
    }
  }
  const updated = await updateShopCategoryRow(trx, id, {
    ...(data.slug !== undefined ? { slug: data.slug } : {}),
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.icon !== undefined ? { icon: data.icon } : {}),
    ...(data.sortOrder !== undefined ? { sort_order: data.sortOrder } : {}),
    ...(data.visible !== undefined ? { visible: data.visible } : {}),
  });
  return updated ?? current;
}
