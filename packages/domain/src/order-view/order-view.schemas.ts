import { z } from 'zod';
import { codeSchema, identifierSchema } from '../customers/customers.schemas.js';

/** 16 digits as printed on the order page; spaces and dashes people copy along are dropped. */
export const orderNumberSchema = z
  .string({ error: '请输入订单号' })
  .trim()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .min(1, '请输入订单号')
      .regex(/^\d{16}$/, '订单号是 16 位数字，请检查后重新输入'),
  );

export const lookupByPasswordSchema = z.object({
  orderNumber: orderNumberSchema,
  password: z
    .string({ error: '请输入查单密码' })
    .min(1, '请输入查单密码')
    .max(64, '查单密码最多 64 位'),
});
export type LookupByPasswordInput = z.input<typeof lookupByPasswordSchema>;

export const sendLookupCodeSchema = z.object({ identifier: identifierSchema });
export type SendLookupCodeInput = z.input<typeof sendLookupCodeSchema>;

export const lookupByContactSchema = z.object({
  identifier: identifierSchema,
  code: codeSchema,
});
export type LookupByContactInput = z.input<typeof lookupByContactSchema>;

export const customerOrdersPageSchema = z.coerce
  .number({ error: '页码不正确' })
  .int('页码不正确')
  .min(1, '页码不正确')
  .max(10_000, '页码不正确')
  .catch(1);
