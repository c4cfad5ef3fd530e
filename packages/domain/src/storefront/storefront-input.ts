import type { z } from 'zod';
import { DomainError } from '../errors.js';
import { StorefrontErrors } from './storefront.errors.js';
import type { ProductCardRow } from './storefront.queries.js';
import { stockView } from './stock-view.js';
import type { PageInfo, ProductCard, ShopFrame } from './storefront.types.js';
import type { StockDisplay } from '@cardshop/db';

/** Parses page input; anything that does not parse is a 400 with the schema's Chinese message. */
export function parseStorefrontInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError(StorefrontErrors.INVALID_INPUT, {
    userMessage: result.error.issues[0]?.message ?? '请求参数不正确',
    status: 400,
  });
}

export function toCard(stockDisplay: StockDisplay, row: ProductCardRow): ProductCard {
  return {
    productId: row.productId,
    name: row.name,
    type: row.type,
    imagePath: row.imagePath,
    icon: row.icon,
    minPriceFen: Number(row.minPriceFen),
    skuCount: Number(row.skuCount),
    stock: stockView(stockDisplay, row.available === null ? null : Number(row.available)),
  };
}

export function pageInfo(page: number, pageSize: number, total: number): PageInfo {
  return { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** The page's rows, or a 404 when the shop itself is gone (deleted since it was resolved). */
export function requireShop<T extends ShopFrame>(rows: T | undefined): T {
  if (rows) return rows;
  throw new DomainError(StorefrontErrors.SHOP_NOT_FOUND, {
    userMessage: '找不到这家店铺',
    status: 404,
  });
}
