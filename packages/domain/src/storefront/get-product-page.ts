import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { renderDescription } from '../catalog/render-description.js';
import { stockView } from './stock-view.js';
import { requireShop } from './storefront-input.js';
import { StorefrontErrors } from './storefront.errors.js';
import { productPageRows } from './storefront.queries.js';
import { productPageSchema, type ProductPageInput } from './storefront.schemas.js';
import type { ProductPage } from './storefront.types.js';

function notFound(): DomainError {
  return new DomainError(StorefrontErrors.PRODUCT_NOT_FOUND, {
    userMessage: '本店没有这件商品，或它已下架',
    status: 404,
  });
}

function plainSummary(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

/**
 * A product as this shop sells it: only the SKUs the shop lists that are on sale, at the shop's
 * prices, with stock shown the shop's way. 404 when the shop lists none of them.
 */
export async function getProductPage(
  trx: TenantTx,
  input: { tenantId: string } & ProductPageInput,
): Promise<ProductPage> {
  const parsed = productPageSchema.safeParse({ productId: input.productId });
  if (!parsed.success) throw notFound();
  const rows = requireShop(
    await productPageRows(trx, { tenantId: input.tenantId, productId: parsed.data.productId }),
  );
  const first = rows.items[0];
  if (!first) throw notFound();
  const { stockDisplay, categories } = rows;
  const skus = rows.items.map((row) => ({
    id: row.skuId,
    listingId: row.listingId,
    name: row.skuName,
    faceValueFen: row.faceValueFen === null ? null : Number(row.faceValueFen),
    priceFen: Number(row.priceFen),
    minPerOrder: row.minPerOrder,
    maxPerOrder: row.maxPerOrder,
    stock: stockView(stockDisplay, row.available === null ? null : Number(row.available)),
  }));
  return {
    stockDisplay,
    categories,
    product: {
      id: first.productId,
      name: first.productName,
      type: first.type,
      descriptionHtml: renderDescription(first.descriptionMd),
      summary: plainSummary(first.descriptionMd),
      imagePath: first.imagePath,
      regionLock: first.regionLock,
      platformCategory: {
        name: first.platformCategory,
        nameEn: first.platformCategoryEn,
        icon: first.platformIcon,
      },
      shopCategory: categories.find((c) => c.id === first.shopCategoryId) ?? null,
    },
    skus,
    minPriceFen: Math.min(...skus.map((s) => s.priceFen)),
  };
}
