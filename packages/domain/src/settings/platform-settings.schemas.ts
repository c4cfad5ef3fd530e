import { z } from 'zod';

/** The highest platform fee an operator may set: 30 % of the sale. */
export const MAX_PLATFORM_FEE_BPS = 3_000;

export const platformSettingsSchema = z.object({
  platformFeeBps: z
    .number({ error: '请填写平台手续费' })
    .int('平台手续费最多精确到 0.01%')
    .min(0, '平台手续费不能为负数')
    .max(MAX_PLATFORM_FEE_BPS, '平台手续费不能超过 30%'),
});

export type PlatformSettingsInput = z.input<typeof platformSettingsSchema>;
