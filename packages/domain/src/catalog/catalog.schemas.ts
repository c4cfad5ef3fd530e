import { z } from 'zod';
import { PRODUCT_IMAGE_KEY } from '../storage/save-product-image.js';
import { MAX_PRICE_FEN } from './money.js';
import { topupFieldsSchema } from './topup-fields.js';

const SLUG = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;

export const categorySlugSchema = z
  .string({ error: '请填写分类标识' })
  .trim()
  .toLowerCase()
  .regex(SLUG, '分类标识只能使用小写字母、数字和连字符，长度 1–40，且不能以连字符开头或结尾');

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Empty, or exactly one emoji (flags, skin tones and ZWJ sequences count as one). */
export function isEmojiIcon(icon: string): boolean {
  if (icon === '') return true;
  if (icon.length > 16) return false;
  const parts = [...graphemes.segment(icon)];
  return parts.length === 1 && PICTOGRAPH.test(icon);
}

export const emojiIconSchema = z
  .string({ error: '图标应为一个表情符号' })
  .trim()
  .refine(isEmojiIcon, '图标请填一个表情符号（emoji），或留空');

const sortOrder = z
  .number({ error: '排序应为整数' })
  .int('排序应为整数')
  .min(-100_000, '排序数字太小')
  .max(100_000, '排序数字太大');

const categoryFields = {
  parentId: z.uuid({ error: '上级分类不存在' }).nullable(),
  slug: categorySlugSchema,
  name: z
    .string({ error: '请填写分类名称' })
    .trim()
    .min(1, '请填写分类名称')
    .max(40, '分类名称最多 40 个字'),
  nameEn: z
    .string({ error: '请填写分类英文名称' })
    .trim()
    .min(1, '请填写分类英文名称')
    .max(60, '分类英文名称最多 60 个字符'),
  icon: emojiIconSchema,
  sortOrder,
  status: z.enum(['active', 'hidden'], { error: '分类状态只能是启用或隐藏' }),
};

export const createCategorySchema = z.object({
  ...categoryFields,
  parentId: categoryFields.parentId.default(null),
  icon: categoryFields.icon.default(''),
  sortOrder: categoryFields.sortOrder.default(0),
  status: categoryFields.status.default('active'),
});
export type CreateCategoryInput = z.input<typeof createCategorySchema>;

export const updateCategorySchema = z.object(categoryFields).partial();
export type UpdateCategoryInput = z.input<typeof updateCategorySchema>;

const priceFen = (label: string) =>
  z
    .number({ error: `请填写${label}` })
    .int(`${label}必须是整数（单位：分）`)
    .positive(`${label}必须大于 0`)
    .max(MAX_PRICE_FEN, `${label}不能超过 1000000 元`);

export const productTypeSchema = z.enum(['card_code', 'direct_topup', 'physical_card'], {
  error: '商品类型只能是卡密、直充或实体卡',
});

const productFields = {
  categoryId: z.uuid({ error: '请选择商品分类' }),
  name: z
    .string({ error: '请填写商品名称' })
    .trim()
    .min(1, '请填写商品名称')
    .max(80, '商品名称最多 80 个字'),
  descriptionMd: z.string({ error: '商品描述应为文本' }).max(20_000, '商品描述最多 20000 个字'),
  imageKey: z
    .string({ error: '商品图片无效' })
    .regex(PRODUCT_IMAGE_KEY, '商品图片无效，请重新上传')
    .nullable(),
  topupFields: topupFieldsSchema,
  regionLock: z
    .string({ error: '地区限制应为文本' })
    .trim()
    .max(80, '地区限制说明最多 80 个字')
    .nullable()
    .transform((v) => (v ? v : null)),
};

export const createProductSchema = z.object({
  ...productFields,
  type: productTypeSchema,
  descriptionMd: productFields.descriptionMd.default(''),
  imageKey: productFields.imageKey.default(null),
  topupFields: productFields.topupFields.default([]),
  regionLock: productFields.regionLock.default(null),
  status: z.enum(['draft', 'active'], { error: '新商品只能是草稿或上架' }).default('active'),
});
export type CreateProductInput = z.input<typeof createProductSchema>;

export const updateProductSchema = z.object(productFields).partial();
export type UpdateProductInput = z.input<typeof updateProductSchema>;

export const productStatusSchema = z.enum(['draft', 'active', 'delisted'], {
  error: '商品状态只能是草稿、上架或下架',
});

const skuFields = {
  name: z
    .string({ error: '请填写规格名称' })
    .trim()
    .min(1, '请填写规格名称')
    .max(60, '规格名称最多 60 个字'),
  faceValueFen: priceFen('面值').nullable(),
  wholesalePriceFen: priceFen('批发价'),
  minPerOrder: z
    .number({ error: '每单最少购买数量应为整数' })
    .int('每单最少购买数量应为整数')
    .min(1, '每单最少购买数量至少为 1')
    .max(1000, '每单最少购买数量不能超过 1000'),
  maxPerOrder: z
    .number({ error: '每单最多购买数量应为整数' })
    .int('每单最多购买数量应为整数')
    .min(1, '每单最多购买数量至少为 1')
    .max(1000, '每单最多购买数量不能超过 1000'),
  status: z.enum(['active', 'inactive', 'delisted'], {
    error: '规格状态只能是在售、停售或下架',
  }),
  codeKind: z.enum(['single', 'reusable'], { error: '卡密类型只能是一次性或共享账号' }),
  reuseLimit: z
    .number({ error: '共享账号可售次数应为整数' })
    .int('共享账号可售次数应为整数')
    .min(2, '共享账号可售次数至少为 2')
    .max(10_000, '共享账号可售次数最多为 10000')
    .nullable(),
  lowStockThreshold: z
    .number({ error: '库存预警数量应为整数' })
    .int('库存预警数量应为整数')
    .min(0, '库存预警数量不能为负数')
    .max(1_000_000, '库存预警数量太大'),
  sortOrder,
};

export const createSkuSchema = z.object({
  productId: z.uuid({ error: '商品不存在' }),
  ...skuFields,
  faceValueFen: skuFields.faceValueFen.default(null),
  minPerOrder: skuFields.minPerOrder.default(1),
  maxPerOrder: skuFields.maxPerOrder.default(10),
  status: z.enum(['active', 'inactive'], { error: '新规格只能是在售或停售' }).default('active'),
  codeKind: skuFields.codeKind.default('single'),
  reuseLimit: skuFields.reuseLimit.default(null),
  lowStockThreshold: skuFields.lowStockThreshold.default(10),
  sortOrder: skuFields.sortOrder.default(0),
});
export type CreateSkuInput = z.input<typeof createSkuSchema>;

export const updateSkuSchema = z.object(skuFields).partial();
export type UpdateSkuInput = z.input<typeof updateSkuSchema>;

/** The rules across an SKU's fields, checked on the merged row for both create and update. */
export function skuRuleViolation(sku: {
  minPerOrder: number;
  maxPerOrder: number;
  codeKind: 'single' | 'reusable';
  reuseLimit: number | null;
}): string | null {
  if (sku.minPerOrder > sku.maxPerOrder)
    return `每单最少购买数量（${sku.minPerOrder}）不能大于最多购买数量（${sku.maxPerOrder}）`;
  if (sku.codeKind === 'reusable' && sku.reuseLimit === null)
    return '共享账号需要设置可售次数（2–10000）';
  if (sku.codeKind === 'single' && sku.reuseLimit !== null)
    return '只有共享账号可以设置可售次数，一次性卡密请留空';
  return null;
}

export const supplierProductFilterSchema = z.object({
  status: productStatusSchema.optional(),
  q: z.string().trim().max(80, '搜索词最多 80 个字').optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export type SupplierProductFilter = z.input<typeof supplierProductFilterSchema>;
