import { z } from 'zod';

/** Longest search the storefront runs; longer input is refused, not cut. */
export const SEARCH_MAX_LENGTH = 40;

const page = z.coerce
  .number({ error: '页码应为数字' })
  .int('页码应为整数')
  .min(1, '页码从 1 开始')
  .max(1000, '页码太大')
  .default(1);

export const categoryPageSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, '分类地址不正确'),
  page,
});

export const productPageSchema = z.object({
  productId: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, '商品编号不正确'),
});

export const searchSchema = z.object({
  q: z
    .string()
    .trim()
    .max(SEARCH_MAX_LENGTH, `搜索词最多 ${SEARCH_MAX_LENGTH} 个字，请缩短后再搜`)
    .default(''),
  page,
});

export type CategoryPageInput = z.input<typeof categoryPageSchema>;
export type ProductPageInput = z.input<typeof productPageSchema>;
export type SearchInput = z.input<typeof searchSchema>;

export const homePageSchema = z.object({ page });

export type HomePageInput = z.input<typeof homePageSchema>;
