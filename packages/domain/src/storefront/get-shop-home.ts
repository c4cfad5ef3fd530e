import type { TenantTx } from '@cardshop/db';
import { pageInfo, parseStorefrontInput, requireShop, toCard } from './storefront-input.js';
import { shopHomeRows } from './storefront.queries.js';
import { homePageSchema, type HomePageInput } from './storefront.schemas.js';
import type { ProductCard, ShopHomePage } from './storefront.types.js';

export const HOME_PER_SECTION = 8;
export const HOME_FEATURED_MAX = 12;
export const HOME_OTHERS_PAGE_SIZE = 24;

/**
 * The shop's home page: featured goods, then each visible category with its first goods (and how
 * many there are), then the goods in no category, paged.
 */
export async function getShopHome(
  trx: TenantTx,
  input: { tenantId: string } & HomePageInput,
): Promise<ShopHomePage> {
  const { page } = parseStorefrontInput(homePageSchema, { page: input.page });
  const rows = requireShop(
    await shopHomeRows(trx, {
      tenantId: input.tenantId,
      perSection: HOME_PER_SECTION,
      otherOffset: (page - 1) * HOME_OTHERS_PAGE_SIZE,
      otherLimit: HOME_OTHERS_PAGE_SIZE,
    }),
  );
  const { stockDisplay, categories } = rows;

  const featured: ProductCard[] = [];
  const seen = new Set<string>();
  for (const row of rows.items) {
    if (!row.featured || seen.has(row.productId)) continue;
    seen.add(row.productId);
    if (featured.length < HOME_FEATURED_MAX) featured.push(toCard(stockDisplay, row));
  }

  const byCategory = new Map<string | null, { products: ProductCard[]; total: number }>();
  for (const row of rows.items) {
    const key = row.shopCategoryId;
    const section = byCategory.get(key) ?? { products: [], total: Number(row.sectionTotal) };
    byCategory.set(key, section);
    const inPage =
      key === null
        ? row.position > (page - 1) * HOME_OTHERS_PAGE_SIZE &&
          row.position <= page * HOME_OTHERS_PAGE_SIZE
        : row.position <= HOME_PER_SECTION;
    if (inPage) section.products.push(toCard(stockDisplay, row));
  }

  const sections = categories.flatMap((category) => {
    const section = byCategory.get(category.id);
    return section && section.total > 0 ? [{ category, ...section }] : [];
  });
  const others = byCategory.get(null) ?? { products: [], total: 0 };
  return {
    stockDisplay,
    categories,
    featured,
    sections,
    others: { products: others.products, ...pageInfo(page, HOME_OTHERS_PAGE_SIZE, others.total) },
    hasGoods: rows.items.length > 0,
  };
}
