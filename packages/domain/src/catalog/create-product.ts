import type { ProductType, SupplierTx, TopupField } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { loadApprovedSupplier } from './acting-supplier.js';
import { CatalogErrors } from './catalog.errors.js';
import { insertProduct, isCategoryUsable, type SupplierProduct } from './catalog.queries.js';
import { createProductSchema, type CreateProductInput } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';
import { normalizeTopupFields } from './topup-fields.js';

export const productInputCode = (path: string) =>
  path.startsWith('topupFields') ? CatalogErrors.TOPUP_FIELDS_INVALID : undefined;

export async function assertCategoryUsable(trx: SupplierTx, categoryId: string): Promise<void> {
  if (!(await isCategoryUsable(trx, categoryId))) {
    throw new DomainError(CatalogErrors.CATEGORY_NOT_FOUND, {
      userMessage: '所选商品分类不存在或已停用，请重新选择分类',
      status: 422,
    });
  }
}

/** A direct top-up needs at least one account field; other goods take none. */
export function assertTopupFieldsFit(type: ProductType, fields: readonly TopupField[]): void {
  if (type === 'direct_topup' && fields.length === 0) {
    throw new DomainError(CatalogErrors.TOPUP_FIELDS_INVALID, {
      userMessage: '直充商品至少需要一个充值账号字段（例如手机号或游戏 ID）',
      status: 422,
    });
  }
  if (type !== 'direct_topup' && fields.length > 0) {
    throw new DomainError(CatalogErrors.TOPUP_FIELDS_INVALID, {
      userMessage: '只有直充商品可以设置充值账号字段',
      status: 422,
    });
  }
}

/**
 * A supplier lists a new product (its SKUs come next, with createSku). Only an approved supplier
 * may; the product is filed under an active category and carries the supplier's owner, so a
 * reseller's private goods stay private.
 */
export async function createProduct(
  trx: SupplierTx,
  input: CreateProductInput,
): Promise<SupplierProduct> {
  const data = parseInput(
    createProductSchema,
    input,
    CatalogErrors.INVALID_INPUT,
    productInputCode,
  );
  const topupFields = normalizeTopupFields(data.topupFields);
  assertTopupFieldsFit(data.type, topupFields);
  const supplier = await loadApprovedSupplier(trx, '发布商品');
  await assertCategoryUsable(trx, data.categoryId);
  return insertProduct(trx, {
    supplierId: supplier.id,
    ownerTenantId: supplier.ownerTenantId,
    categoryId: data.categoryId,
    type: data.type,
    name: data.name,
    descriptionMd: data.descriptionMd,
    imageKey: data.imageKey,
    topupFields,
    regionLock: data.regionLock,
    status: data.status,
  });
}
