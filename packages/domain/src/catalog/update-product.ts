import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { loadApprovedSupplier } from './acting-supplier.js';
import { CatalogErrors } from './catalog.errors.js';
import { findOwnProduct, updateOwnProduct, type SupplierProduct } from './catalog.queries.js';
import { updateProductSchema, type UpdateProductInput } from './catalog.schemas.js';
import { assertCategoryUsable, assertTopupFieldsFit, productInputCode } from './create-product.js';
import { parseId, parseInput } from '../parse-input.js';
import { normalizeTopupFields } from './topup-fields.js';

/** Edits a product's category, name, description, image, account fields or region lock. */
export async function updateProduct(
  trx: SupplierTx,
  productId: string,
  input: UpdateProductInput,
): Promise<SupplierProduct> {
  const id = parseId(productId, CatalogErrors.PRODUCT_NOT_FOUND, '商品不存在');
  const data = parseInput(
    updateProductSchema,
    input,
    CatalogErrors.INVALID_INPUT,
    productInputCode,
  );
  await loadApprovedSupplier(trx, '修改商品');
  const product = await findOwnProduct(trx, id, { forUpdate: true });
  if (!product) {
    throw new DomainError(CatalogErrors.PRODUCT_NOT_FOUND, {
      userMessage: '商品不存在',
      status: 404,
    });
  }
  if (data.categoryId !== undefined && data.categoryId !== product.categoryId) {
    await assertCategoryUsable(trx, data.categoryId);
  }
  const topupFields =
    data.topupFields !== undefined ? normalizeTopupFields(data.topupFields) : undefined;
  if (topupFields) assertTopupFieldsFit(product.type, topupFields);
  return updateOwnProduct(trx, id, {
    ...(data.categoryId !== undefined ? { category_id: data.categoryId } : {}),
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.descriptionMd !== undefined ? { description_md: data.descriptionMd } : {}),
    ...(data.imageKey !== undefined ? { image_path: data.imageKey } : {}),
    ...(topupFields ? { topup_fields: JSON.stringify(topupFields) } : {}),
    ...(data.regionLock !== undefined ? { region_lock: data.regionLock } : {}),
  });
}
