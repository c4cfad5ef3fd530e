import type { ProductType, SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { loadApprovedSupplier } from './acting-supplier.js';
import { CatalogErrors } from './catalog.errors.js';
import { findOwnProduct, insertSkuWithStock, type SupplierSku } from './catalog.queries.js';
import { createSkuSchema, skuRuleViolation, type CreateSkuInput } from './catalog.schemas.js';
import { parseInput } from '../parse-input.js';

export function assertSkuRules(
  productType: ProductType,
  sku: Parameters<typeof skuRuleViolation>[0],
): void {
  const violation = skuRuleViolation(sku);
  if (violation) {
    throw new DomainError(CatalogErrors.INVALID_INPUT, { userMessage: violation, status: 422 });
  }
  if (sku.codeKind === 'reusable' && productType !== 'card_code') {
    throw new DomainError(CatalogErrors.SKU_CODE_KIND_INVALID, {
      userMessage: '只有卡密商品可以设置共享账号',
      status: 422,
    });
  }
}

/**
 * Adds an SKU (a face value / variant with its wholesale price) to one of the supplier's
 * products, and its stock row (nothing available until codes are imported). The owner columns
 * come from the supplier row, never from input.
 */
export async function createSku(trx: SupplierTx, input: CreateSkuInput): Promise<SupplierSku> {
  const data = parseInput(createSkuSchema, input, CatalogErrors.INVALID_INPUT);
  const supplier = await loadApprovedSupplier(trx, '添加商品规格');
  const product = await findOwnProduct(trx, data.productId);
  if (!product) {
    throw new DomainError(CatalogErrors.PRODUCT_NOT_FOUND, {
      userMessage: '商品不存在',
      status: 404,
    });
  }
  assertSkuRules(product.type, data);
  return insertSkuWithStock(trx, {
    productId: product.id,
    supplierId: supplier.id,
    ownerTenantId: supplier.ownerTenantId,
    name: data.name,
    faceValueFen: data.faceValueFen,
    wholesalePriceFen: data.wholesalePriceFen,
    minPerOrder: data.minPerOrder,
    maxPerOrder: data.maxPerOrder,
    status: data.status,
    codeKind: data.codeKind,
    reuseLimit: data.reuseLimit,
    lowStockThreshold: data.lowStockThreshold,
    sortOrder: data.sortOrder,
  });
}
