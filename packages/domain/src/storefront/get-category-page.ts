import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { pageInfo, requireShop, toCard } from './storefront-input.js';
import { StorefrontErrors } from './storefront.errors.js';
import { categoryPageRows } from './storefront.queries.js';
import { categoryPageSchema, type CategoryPageInput } from './storefront.schemas.js';
import type { CategoryPage } from './storefront.types.js';

export const CATEGORY_PAGE_SIZE = 24;

function notFound(slug: string, message: string): DomainError {
  return new DomainError(StorefrontErrors.CATEGORY_NOT_FOUND, {
    userMessage: message,
    status: 404,
    details: { slug },
  });
}

/** One page of a visible shop category; 404 for a slug the shop does not have or has hidden. */
export async function getCategoryPage(
  trx: TenantTx,
  input: { tenantId: string } & CategoryPageInput,
): Promise<CategoryPage> {
  const parsed = categoryPageSchema.safeParse({ slug: input.slug, page: input.page });
  const shown = String(input.slug).slice(0, 40);
  if (!parsed.success) {
    if (parsed.error.issues.some((issue) => issue.path[0] === 'slug'))
      throw notFound(shown, `本店没有“${shown}”这个分类`);
    throw new DomainError(StorefrontErrors.INVALID_INPUT, {
      userMessage: parsed.error.issues[0]?.message ?? '页码不正确',
      status: 400,
    });
  }
  const { slug, page } = parsed.data;
  const rows = requireShop(
    await categoryPageRows(trx, {
      tenantId: input.tenantId,
      slug,
      offset: (page - 1) * CATEGORY_PAGE_SIZE,
      limit: CATEGORY_PAGE_SIZE,
    }),
  );
  const category = rows.categories.find((c) => c.slug === slug);
  if (!category) throw notFound(slug, `本店没有“${slug}”这个分类，或它已被店主隐藏`);
  const total = Number(rows.items[0]?.total ?? 0);
  if (page > 1 && rows.items.length === 0) {
    throw new DomainError(StorefrontErrors.INVALID_INPUT, {
      userMessage: `“${category.name}”分类没有第 ${page} 页`,
      status: 404,
    });
  }
  return {
    stockDisplay: rows.stockDisplay,
    categories: rows.categories,
    category,
    products: rows.items.map((row) =>
      toCard(rows.stockDisplay, { ...row, icon: category.icon || row.icon }),
    ),
    pageInfo: pageInfo(page, CATEGORY_PAGE_SIZE, total),
  };
}
