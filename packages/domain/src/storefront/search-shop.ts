import type { TenantTx } from '@cardshop/db';
import { pageInfo, parseStorefrontInput, requireShop, toCard } from './storefront-input.js';
import { searchRows } from './storefront.queries.js';
import { searchSchema, type SearchInput } from './storefront.schemas.js';
import type { SearchPage } from './storefront.types.js';

export const SEARCH_PAGE_SIZE = 24;

/**
 * Searches the shop's on-sale goods by product or SKU name: partial words, Chinese or not, ASCII
 * case-insensitive; % and _ match themselves. An empty query returns no goods.
 */
export async function searchShop(
  trx: TenantTx,
  input: { tenantId: string } & SearchInput,
): Promise<SearchPage> {
  const { q, page } = parseStorefrontInput(searchSchema, { q: input.q, page: input.page });
  const text = q.replace(/\s+/g, ' ');
  const rows = requireShop(
    await searchRows(trx, {
      tenantId: input.tenantId,
      text,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
      limit: SEARCH_PAGE_SIZE,
    }),
  );
  const items = rows.items;
  return {
    stockDisplay: rows.stockDisplay,
    categories: rows.categories,
    query: text,
    products: items.map((row) => toCard(rows.stockDisplay, row)),
    pageInfo: pageInfo(page, SEARCH_PAGE_SIZE, Number(items[0]?.total ?? 0)),
  };
}
