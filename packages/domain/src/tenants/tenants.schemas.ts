import { z } from 'zod';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, '颜色格式应为 #RRGGBB');

export const brandingSchema = z.object({
  primaryColor: hexColor.optional(),
  accentColor: hexColor.optional(),
  logoText: z.string().trim().max(8, '徽标文字最多 8 个字').optional(),
  tagline: z.string().trim().max(120, '标语最多 120 个字').optional(),
  notice: z.string().trim().max(500, '公告最多 500 个字').optional(),
});

export const tenantSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/,
    '店铺地址只能使用小写字母、数字和连字符，长度 1–40，且不能以连字符开头或结尾',
  );

export const createTenantSchema = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(1, '请填写店铺名称').max(80, '店铺名称最多 80 个字'),
  branding: brandingSchema.default({}),
});

export type CreateTenantInput = z.input<typeof createTenantSchema>;
