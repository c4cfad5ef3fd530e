import { z } from 'zod';

/** A blank form field is a missing one. */
const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    schema.optional(),
  );

export const shippingAddressSchema = z.object({
  name: z
    .string({ error: '请填写收货人' })
    .trim()
    .min(1, '请填写收货人')
    .max(40, '收货人最多 40 个字'),
  phone: z
    .string({ error: '请填写收货手机号' })
    .trim()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^1[3-9]\d{9}$/, '收货手机号应为 11 位中国大陆手机号')),
  region: z
    .string({ error: '请填写所在地区' })
    .trim()
    .min(2, '请填写所在地区（省 市 区）')
    .max(60, '所在地区最多 60 个字'),
  address: z
    .string({ error: '请填写详细地址' })
    .trim()
    .min(4, '请填写详细地址（街道、门牌号）')
    .max(120, '详细地址最多 120 个字'),
  postalCode: optionalText(
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, '邮政编码应为 6 位数字'),
  ),
});

export const checkoutLineSchema = z.object({
  listingId: z.uuid({ error: '商品不存在或已下架' }),
  quantity: z
    .number({ error: '购买数量应为整数' })
    .int('购买数量应为整数')
    .min(1, '购买数量至少为 1')
    .max(1000, '单次购买数量最多 1000'),
  topupAccount: z.record(z.string(), z.unknown()).optional(),
  shippingAddress: z.unknown().optional(),
});

export const createOrderSchema = z.object({
  tenantId: z.uuid(),
  idempotencyKey: z
    .string({ error: '缺少下单请求编号，请刷新页面后重试' })
    .trim()
    .min(8, '下单请求编号无效，请刷新页面后重试')
    .max(100, '下单请求编号无效，请刷新页面后重试'),
  lines: z
    .array(checkoutLineSchema, { error: '请选择要购买的商品' })
    .min(1, '请选择要购买的商品')
    .max(20, '一个订单最多 20 种商品，请分开下单'),
  /** From the signed-in session, never from the form. */
  customerId: z.uuid().nullable().default(null),
  contactEmail: optionalText(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(254, '邮箱地址太长')
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '邮箱格式不正确'),
  ),
  contactPhone: optionalText(
    z
      .string()
      .trim()
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^1[3-9]\d{9}$/, '手机号应为 11 位中国大陆手机号')),
  ),
  lookupPassword: optionalText(
    z.string().min(6, '查单密码至少 6 位').max(64, '查单密码最多 64 位'),
  ),
  ip: z.string().max(64).nullable().default(null),
});

export type CreateOrderInput = z.input<typeof createOrderSchema>;
export type ParsedCreateOrderInput = z.output<typeof createOrderSchema>;

/** A shop's refund of one order line: which line, and why (kept in the shop's audit log). */
export const shopRefundLineSchema = z.object({
  lineId: z.string({ error: '请选择要退款的订单行' }),
  reason: z
    .string({ error: '请填写退款原因' })
    .trim()
    .min(1, '请填写退款原因')
    .max(200, '退款原因最多 200 个字'),
});
