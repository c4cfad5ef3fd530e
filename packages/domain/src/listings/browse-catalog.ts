import type { ProductType, TenantTx } from '@cardshop/db';
import { selectCategoryWithDescendants } from '../catalog/catalog.queries.js';
import { parseInput } from '../parse-input.js';
import { ListingErrors } from './listings.errors.js';
import { selectListableProducts, selectListableSkus } from './listings.queries.js';
import { browseCatalogSchema, type BrowseCatalogInput } from './listings.schemas.js';

export interface CatalogSku {
  skuId: string;
  name: string;
  faceValueFen: number | null;
  wholesalePriceFen: number;
  minPerOrder: number;
  maxPerOrder: number;
  available: number;
  /** This shop's listing of the SKU, if it already sells it. */
  listing: { id: string; priceFen: number } | null;
}

export interface CatalogProduct {
  id: string;
  name: string;
  type: ProductType;
  categoryId: string;
  categoryName: string;
  supplierName: string;
  /** The shop's own private goods (sold only here). */
  isPrivate: boolean;
  imageKey: string | null;
  regionLock: string | null;
  skus: CatalogSku[];
}

export interface CatalogPage {
  items: CatalogProduct[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * The platform catalog as a reseller picks from it: active goods of approved suppliers with
 * their active SKUs, wholesale price, stock and whether this shop already lists each. Public
 * goods plus the shop's own private goods; another shop's private goods never appear (RLS).
 * categoryId includes its subcategories; q matches product names.
 */
export async function browseCatalog(
  trx: TenantTx,
  input: BrowseCatalogInput = {},
): Promise<CatalogPage> {
  const data = parseInput(browseCatalogSchema, input, ListingErrors.INVALID_INPUT);
  const categoryIds = data.categoryId
    ? await selectCategoryWithDescendants(trx, data.categoryId)
    : undefined;
  const { rows, total } = await selectListableProducts(trx, {
    ...(categoryIds ? { categoryIds } : {}),
    ...(data.q ? { q: data.q } : {}),
    limit: data.pageSize,
    offset: (data.page - 1) * data.pageSize,
  });
  const skus = await selectListableSkus(
    trx,
    rows.map((r) => r.id),
  );
  const byProduct = new Map<string, CatalogSku[]>();
  for (const s of skus) {
    const list = byProduct.get(s.productId) ?? [];
    list.push({
      skuId: s.skuId,
      name: s.name,
      faceValueFen: s.faceValueFen,
      wholesalePriceFen: s.wholesalePriceFen,
      minPerOrder: s.minPerOrder,
      maxPerOrder: s.maxPerOrder,
      available: s.available,
      listing: s.listingId ? { id: s.listingId, priceFen: s.listingPriceFen! } : null,
    });
    byProduct.set(s.productId, list);
  }
  return {
    items: rows.map((r) => ({ ...r, skus: byProduct.get(r.id) ?? [] })),
    page: data.page,
    pageSize: data.pageSize,
    total,
  };
}
