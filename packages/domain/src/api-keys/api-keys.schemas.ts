import { z } from 'zod';
import type { ApiKeyScope } from '@cardshop/db';

/** What each scope lets a key read, in the words the console shows. */
export const API_KEY_SCOPES = {
  'catalog:read': '读取在售商品',
  'orders:read': '读取订单',
} as const satisfies Record<ApiKeyScope, string>;

export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPES) as ApiKeyScope[];

/** How long a new key lives: for good until revoked, or a number of days. */
export const API_KEY_LIFETIMES = ['never', '30', '90', '365'] as const;
export type ApiKeyLifetime = (typeof API_KEY_LIFETIMES)[number];

export const createApiKeySchema = z.object({
  name: z
    .string({ error: '请给密钥起个名字' })
    .trim()
    .min(1, '请给密钥起个名字，例如“ERP 对接”')
    .max(40, '名称最多 40 个字'),
  scopes: z
    .array(
      z.enum(API_KEY_SCOPE_NAMES as [ApiKeyScope, ...ApiKeyScope[]], {
        error: '权限范围只能是读取商品或读取订单',
      }),
      {
        error: '请至少选择一项权限',
      },
    )
    .min(1, '请至少选择一项权限')
    .transform((scopes) => API_KEY_SCOPE_NAMES.filter((s) => scopes.includes(s))),
  lifetime: z
    .enum(API_KEY_LIFETIMES, { error: '有效期只能是永久、30 天、90 天或 1 年' })
    .default('never'),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
