import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { InventoryErrors } from './inventory.errors.js';
import { currentSupplierStatus, findSkuForImport, type SkuForImport } from './inventory.queries.js';

export interface ImportTarget extends SkuForImport {
  /** Sellable units one code adds: 1, or the reuse limit of a shared-account code. */
  unitsPerCode: number;
}

/**
 * The SKU codes are about to go into, after every rule that refuses an import: the supplier may
 * stock goods, the SKU is its own, a card-code product, and not delisted.
 */
export async function requireImportTarget(trx: SupplierTx, skuId: string): Promise<ImportTarget> {
  const supplier = await currentSupplierStatus(trx);
  if (!supplier) {
    throw new DomainError(InventoryErrors.SUPPLIER_NOT_ALLOWED, {
      userMessage: '供货商不存在，无法导入卡密',
      status: 403,
    });
  }
  if (supplier.status === 'suspended' || supplier.status === 'rejected') {
    throw new DomainError(InventoryErrors.SUPPLIER_NOT_ALLOWED, {
      userMessage:
        supplier.status === 'suspended'
          ? '供货商已被暂停，暂时不能导入卡密，请联系平台'
          : '供货商资质审核未通过，不能导入卡密',
      status: 403,
    });
  }
  const sku = await findSkuForImport(trx, skuId);
  if (!sku) {
    throw new DomainError(InventoryErrors.SKU_NOT_FOUND, {
      userMessage: '找不到这个 SKU，请确认 SKU 编号',
      status: 404,
    });
  }
  if (!sku.ownedByCurrentSupplier) {
    throw new DomainError(InventoryErrors.SKU_NOT_YOURS, {
      userMessage: '这个 SKU 属于其他供货商，不能向其中导入卡密',
      status: 403,
    });
  }
  if (sku.productType !== 'card_code') {
    throw new DomainError(InventoryErrors.NOT_CARD_CODE_PRODUCT, {
      userMessage: `“${sku.productName}”是${sku.productType === 'direct_topup' ? '直充' : '实物卡'}商品，只有卡密类商品才能导入卡密`,
      status: 409,
    });
  }
  if (sku.skuStatus === 'delisted' || sku.productStatus === 'delisted') {
    throw new DomainError(InventoryErrors.SKU_DELISTED, {
      userMessage: `“${sku.productName} / ${sku.skuName}”已下架，不能再导入卡密`,
      status: 409,
    });
  }
  return {
    ...sku,
    unitsPerCode: sku.codeKind === 'reusable' ? (sku.reuseLimit ?? 1) : 1,
  };
}
