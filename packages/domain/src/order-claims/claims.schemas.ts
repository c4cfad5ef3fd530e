import { z } from 'zod';
import { codeSchema } from '../customers/customers.schemas.js';

export const contactKindSchema = z.enum(['phone', 'email'], { error: '请选择手机号或邮箱' });

export const sendClaimCodeSchema = z.object({ kind: contactKindSchema });
export type SendClaimCodeInput = z.input<typeof sendClaimCodeSchema>;

export const verifyClaimContactSchema = z.object({ kind: contactKindSchema, code: codeSchema });
export type VerifyClaimContactInput = z.input<typeof verifyClaimContactSchema>;

export const claimOrdersSchema = z.object({
  orderIds: z
    .array(z.uuid({ error: '订单不存在' }), { error: '请选择要认领的订单' })
    .min(1, '请选择要认领的订单')
    .max(50, '一次最多认领 50 笔订单')
    .transform((ids) => [...new Set(ids)]),
});
export type ClaimOrdersInput = z.input<typeof claimOrdersSchema>;
