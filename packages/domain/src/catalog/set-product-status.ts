import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { requestListingSync } from '../listings/request-listing-sync.js';
import { loadActingSupplier, assertSupplierApproved } from './acting-supplier.js';
import { CatalogErrors } from './catalog.errors.js';
import {
  findOwnProduct,
  updateOwnProduct,
  type ProductStatus,
  type SupplierProduct,
} from './catalog.queries.js';
import { productStatusSchema } from './catalog.schemas.js';
import { assertCategoryUsable } from './create-product.js';
import { parseId, parseInput } from '../parse-input.js';

/**
 * Puts a product on sale ('active'), back to 'draft', or delists it. Putting it on sale needs an
 * approved supplier; taking it off sale is always allowed. When it goes on or off sale, the shops
 * listing it are updated and told, by a job written in this same transaction.
 */
export async function setProductStatus(
  trx: SupplierTx,
  productId: string,
  status: ProductStatus,
): Promise<{ product: SupplierProduct; listingSyncJobId: string | null }> {
  const id = parseId(productId, CatalogErrors.PRODUCT_NOT_FOUND, '商品不存在');
  const next = parseInput(productStatusSchema, status, CatalogErrors.INVALID_INPUT);
  const supplier = await loadActingSupplier(trx);
  const product = await findOwnProduct(trx, id, { forUpdate: true });
  if (!product) {
    throw new DomainError(CatalogErrors.PRODUCT_NOT_FOUND, {
      userMessage: '商品不存在',
      status: 404,
    });
  }
  if (next === 'active') {
    assertSupplierApproved(supplier, '上架商品');
    await assertCategoryUsable(trx, product.categoryId);
  }
  if (product.status === next) return { product, listingSyncJobId: null };
  const updated = await updateOwnProduct(trx, id, { status: next });
  const wasOnSale = product.status === 'active';
  const onSale = next === 'active';
  const listingSyncJobId =
    wasOnSale === onSale
      ? null
      : await requestListingSync(trx, {
          productId: id,
          skuId: null,
          wholesale: null,
          availability: onSale ? 'relisted' : 'delisted',
        });
  return { product: updated, listingSyncJobId };
}
