import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { requestListingSync } from '../listings/request-listing-sync.js';
import { assertSupplierApproved, loadActingSupplier } from './acting-supplier.js';
import { CatalogErrors } from './catalog.errors.js';
import {
  findOwnProduct,
  selectOwnSkus,
  updateOwnSku,
  type SupplierSku,
} from './catalog.queries.js';
import { updateSkuSchema, type UpdateSkuInput } from './catalog.schemas.js';
import { assertSkuRules } from './create-sku.js';
import { parseId, parseInput } from '../parse-input.js';

/**
 * Edits an SKU. A wholesale price change, or the SKU going on or off sale, is passed on to every
 * shop listing it (prices recomputed, shops told) by a job written in this same transaction.
 * Taking an SKU off sale is allowed even to a supplier that is no longer approved.
 */
export async function updateSku(
  trx: SupplierTx,
  skuId: string,
  input: UpdateSkuInput,
): Promise<{ sku: SupplierSku; listingSyncJobId: string | null }> {
  const id = parseId(skuId, CatalogErrors.SKU_NOT_FOUND, '商品规格不存在');
  const data = parseInput(updateSkuSchema, input, CatalogErrors.INVALID_INPUT);
  const supplier = await loadActingSupplier(trx);
  const onlyWithdrawing =
    Object.keys(data).every((k) => k === 'status') &&
    (data.status === 'inactive' || data.status === 'delisted');
  if (!onlyWithdrawing) assertSupplierApproved(supplier, '修改商品规格');

  const [current] = await selectOwnSkus(trx, { skuId: id, forUpdate: true });
  if (!current) {
    throw new DomainError(CatalogErrors.SKU_NOT_FOUND, {
      userMessage: '商品规格不存在',
      status: 404,
    });
  }
  const product = await findOwnProduct(trx, current.productId);
  if (!product) throw new Error(`sku ${id} has no product of this supplier`);

  const merged = {
    minPerOrder: data.minPerOrder ?? current.minPerOrder,
    maxPerOrder: data.maxPerOrder ?? current.maxPerOrder,
    codeKind: data.codeKind ?? current.codeKind,
    reuseLimit:
      data.reuseLimit !== undefined
        ? data.reuseLimit
        : data.codeKind === 'single'
          ? null
          : current.reuseLimit,
  };
  assertSkuRules(product.type, merged);
  const { available, reserved, sold } = current.stock;
  if (merged.codeKind !== current.codeKind && available + reserved + sold > 0) {
    throw new DomainError(CatalogErrors.SKU_CODE_KIND_LOCKED, {
      userMessage: '这个规格已经导入过卡密，不能再更改卡密类型；如需共享账号请新建一个规格',
      status: 409,
    });
  }

  const wholesaleFen = data.wholesalePriceFen ?? current.wholesalePriceFen;
  const status = data.status ?? current.status;
  await updateOwnSku(trx, id, {
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.faceValueFen !== undefined ? { face_value_fen: data.faceValueFen } : {}),
    wholesale_price_fen: wholesaleFen,
    min_per_order: merged.minPerOrder,
    max_per_order: merged.maxPerOrder,
    status,
    code_kind: merged.codeKind,
    reuse_limit: merged.reuseLimit,
    ...(data.lowStockThreshold !== undefined
      ? { low_stock_threshold: data.lowStockThreshold }
      : {}),
    ...(data.sortOrder !== undefined ? { sort_order: data.sortOrder } : {}),
  });
  const [sku] = await selectOwnSkus(trx, { skuId: id });

  const priceChanged = wholesaleFen !== current.wholesalePriceFen;
  const wasOnSale = current.status === 'active';
  const onSale = status === 'active';
  // Listings of a product that is itself off sale are already 'supplier_delisted'.
  const availability =
    wasOnSale === onSale || product.status !== 'active'
      ? null
      : onSale
        ? ('relisted' as const)
        : ('delisted' as const);
  const listingSyncJobId =
    priceChanged || availability
      ? await requestListingSync(trx, {
          productId: product.id,
          skuId: id,
          wholesale: priceChanged
            ? { fromFen: current.wholesalePriceFen, toFen: wholesaleFen }
            : null,
          availability,
        })
      : null;
  return { sku: sku!, listingSyncJobId };
}
