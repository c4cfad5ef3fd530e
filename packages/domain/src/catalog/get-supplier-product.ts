import type { SupplierTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { CatalogErrors } from './catalog.errors.js';
import {
  findOwnProduct,
  selectOwnSkus,
  type SupplierProduct,
  type SupplierSku,
} from './catalog.queries.js';
import { parseId } from '../parse-input.js';
import { renderDescription } from './render-description.js';

export interface SupplierProductDetail extends SupplierProduct {
  descriptionHtml: string;
  skus: SupplierSku[];
}

/** One of the acting supplier's products with its SKUs and their stock. */
export async function getSupplierProduct(
  trx: SupplierTx,
  productId: string,
): Promise<SupplierProductDetail> {
  const id = parseId(productId, CatalogErrors.PRODUCT_NOT_FOUND, '商品不存在');
  const product = await findOwnProduct(trx, id);
  if (!product) {
    throw new DomainError(CatalogErrors.PRODUCT_NOT_FOUND, {
      userMessage: '商品不存在',
      status: 404,
    });
  }
  const skus = await selectOwnSkus(trx, { productIds: [id] });
  return { ...product, descriptionHtml: renderDescription(product.descriptionMd), skus };
}
