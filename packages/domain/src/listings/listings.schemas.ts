import { z } from 'zod';
import { emojiIconSchema } from '../catalog/catalog.schemas.js';
import { MAX_PRICE_FEN } from '../catalog/money.js';

/** 1000% at most: a markup beyond that is a typo, not a price. */
export const MAX_MARKUP_BPS = 100_000;

export const pricingSchema = z.discriminatedUnion(
  'mode',
  [
    z.object({
      mode: z.literal('fixed'),
      retailPriceFen: z
        .number({ error: '请填写零售价' })
        .int('零售价必须是整数（单位：分）')
        .positive('零售价必须大于 0')
        .max(MAX_PRICE_FEN * 10, '零售价不能超过 10000000 元'),
    }),
    z.object({
      mode: z.literal('markup'),
      markupBps: z
        .number({ error: '请填写加价比例' })
        .int('加价比例最多保留两位小数')
        .min(0, '加价比例不能为负数')
        .max(MAX_MARKUP_BPS, '加价比例最多 1000%'),
    }),
  ],
  { error: '定价方式只能是固定售价或按批发价加价' },
);

const sortOrder = z
  .number({ error: '排序应为整数' })
  .int('排序应为整数')
  .min(-100_000, '排序数字太小')
  .max(100_000, '排序数字太大');

export const addListingSchema = z.object({
  skuId: z.uuid({ error: '商品规格不存在' }),
  pricing: pricingSchema,
  shopCategoryId: z.uuid({ error: '店铺分类不存在' }).nullable().default(null),
  visible: z.boolean().default(true),
  featured: z.boolean().default(false),
  sortOrder: sortOrder.default(0),
});
export type AddListingInput = z.input<typeof addListingSchema>;

export const updateListingSchema = z.object({
  pricing: pricingSchema.optional(),
  shopCategoryId: z.uuid({ error: '店铺分类不存在' }).nullable().optional(),
  visible: z.boolean().optional(),
  featured: z.boolean().optional(),
  sortOrder: sortOrder.optional(),
});
export type UpdateListingInput = z.input<typeof updateListingSchema>;

const shopCategoryFields = {
  slug: z
    .string({ error: '请填写分类地址' })
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/,
      '分类地址只能使用小写字母、数字和连字符，长度 1–40，且不能以连字符开头或结尾',
    ),
  name: z
    .string({ error: '请填写分类名称' })
    .trim()
    .min(1, '请填写分类名称')
    .max(40, '分类名称最多 40 个字'),
  icon: emojiIconSchema,
  sortOrder,
  visible: z.boolean({ error: '请选择是否显示' }),
};

export const createShopCategorySchema = z.object({
  ...shopCategoryFields,
  icon: shopCategoryFields.icon.default(''),
  sortOrder: shopCategoryFields.sortOrder.default(0),
  visible: shopCategoryFields.visible.default(true),
});
export type CreateShopCategoryInput = z.input<typeof createShopCategorySchema>;

export const updateShopCategorySchema = z.object(shopCategoryFields).partial();
export type UpdateShopCategoryInput = z.input<typeof updateShopCategorySchema>;

export const stockDisplaySchema = z.enum(['exact', 'range', 'status'], {
  error: '库存显示方式只能是精确数量、数量区间或有货/紧张/售罄',
});

export const browseCatalogSchema = z.object({
  categoryId: z.uuid({ error: '分类不存在' }).optional(),
  q: z.string().trim().max(80, '搜索词最多 80 个字').optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type BrowseCatalogInput = z.input<typeof browseCatalogSchema>;
