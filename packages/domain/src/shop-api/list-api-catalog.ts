import { withTenant, type Database, type ProductType } from '@cardshop/db';
import type { ApiPrincipal } from '../api-keys/authenticate-api-key.js';
import { requireApiScope } from '../api-keys/authenticate-api-key.js';
import { parseInput } from '../parse-input.js';
import { stockView, type StockView } from '../storefront/stock-view.js';
import { ShopApiErrors } from './shop-api.errors.js';
import { selectCatalogPage, selectStockDisplay } from './shop-api.queries.js';
import { catalogQuerySchema } from './shop-api.schemas.js';
import { decodeCursor, encodeCursor, toPage, type ApiPage } from './shop-api-page.js';

/** One SKU the shop has on sale, at the shop's price, with stock shown the shop's way. */
export interface ApiCatalogItem {
  listingId: string;
  product: { id: string; name: string; type: ProductType; category: string; categoryEn: string };
  sku: { id: string; name: string; faceValueFen: number | null };
  priceFen: number;
  currency: 'CNY';
  minPerOrder: number;
  maxPerOrder: number;
  stock: StockView;
}

/**
 * GET /api/v1/catalog: the key's shop's on-sale listings, a page at a time, in the shop's
 * order. Stock follows the shop's display mode, as its storefront shows it (an exact count only
 * where the storefront shows one). Needs catalog:read.
 */
export async function listApiCatalog(
  db: Database,
  principal: ApiPrincipal,
  query: unknown,
): Promise<ApiPage<ApiCatalogItem>> {
  requireApiScope(principal, 'catalog:read');
  const input = parseInput(catalogQuerySchema, query, ShopApiErrors.INVALID_REQUEST);
  const offset = input.cursor ? Number(decodeCursor(input.cursor, /^o:(\d{1,9})$/)[0]) : 0;
  const { tenantId } = principal;
  return withTenant(db, tenantId, async (trx) => {
    const mode = (await selectStockDisplay(trx, tenantId)) ?? 'status';
    const rows = await selectCatalogPage(trx, { tenantId, offset, limit: input.limit + 1 });
    return toPage(
      rows,
      input.limit,
      (row): ApiCatalogItem => ({
        listingId: row.listingId,
        product: {
          id: row.productId,
          name: row.productName,
          type: row.productType,
          category: row.category,
          categoryEn: row.categoryEn,
        },
        sku: { id: row.skuId, name: row.skuName, faceValueFen: row.faceValueFen },
        priceFen: row.priceFen,
        currency: 'CNY',
        minPerOrder: row.minPerOrder,
        maxPerOrder: row.maxPerOrder,
        stock: stockView(mode, row.available === null ? null : Number(row.available)),
      }),
      () => encodeCursor([`o:${offset + input.limit}`]),
    );
  });
}
