import { z } from 'zod';

const whole = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name}应为整数` })
    .int(`${name}应为整数`)
    .min(min, `${name}不能小于 ${min}`)
    .max(max, `${name}不能大于 ${max}`);

/** A shop's checkout settings, as the console form sends them. */
export const checkoutSettingsSchema = z.object({
  orderExpiryMinutes: whole('未支付订单保留时间（分钟）', 5, 1440),
  openOrdersPerIp: whole('同一网络的未支付订单上限', 1, 100),
  openOrdersPerContact: whole('同一联系方式的未支付订单上限', 1, 100),
  openOrdersPerCustomer: whole('同一会员的未支付订单上限', 1, 100),
});

export type CheckoutSettingsInput = z.input<typeof checkoutSettingsSchema>;
export type CheckoutSettings = z.output<typeof checkoutSettingsSchema>;

export const checkoutLineSchema = z.object({
  listingId: z.uuid({ error: '商品不存在或已下架，请刷新页面后重试' }),
  quantity: z.coerce
    .number({ error: '购买数量应为整数' })
    .int('购买数量应为整数')
    .min(1, '购买数量至少为 1')
    .max(1000, '单次购买数量最多 1000'),
  topupAccount: z.record(z.string(), z.unknown()).optional(),
});

/** A blank form field is a missing one. */
const blankIsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const placeCheckoutSchema = z.object({
  tenantId: z.uuid(),
  /** From the signed-in session, never from the form. */
  customerId: z.uuid().nullable().default(null),
  ip: z.string().max(64).nullable().default(null),
  idempotencyKey: z
    .string({ error: '页面已过期，请刷新后重新下单' })
    .trim()
    .min(8, '页面已过期，请刷新后重新下单')
    .max(100, '页面已过期，请刷新后重新下单'),
  lines: z
    .array(checkoutLineSchema, { error: '请选择要购买的商品' })
    .min(1, '请选择要购买的商品')
    .max(20, '一个订单最多 20 种商品，请分开下单'),
  /** A guest's email address or mainland mobile number, whichever they typed. */
  contact: z.preprocess(blankIsMissing, z.string().trim().max(254, '联系方式太长').optional()),
  lookupPassword: z.preprocess(blankIsMissing, z.string().optional()),
  /** One address for every physical-card line. */
  shippingAddress: z.unknown().optional(),
  paymentMethod: z.preprocess(
    blankIsMissing,
    z.string({ error: '请选择支付方式' }).max(40, '请选择支付方式'),
  ),
});

export type PlaceCheckoutInput = z.input<typeof placeCheckoutSchema>;
