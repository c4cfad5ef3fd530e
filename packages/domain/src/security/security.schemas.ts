import { z } from 'zod';
import { parseInput } from '../parse-input.js';
import { SecurityErrors } from './security.errors.js';
import type { SecondFactorInput } from './two-factor.js';

/** The 6 digits an authenticator app shows; spaces (as some apps group them) are dropped. */
export const totpCodeSchema = z
  .string({ error: '请输入验证器 App 上的 6 位数字' })
  .transform((v) => v.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, '请输入验证器 App 上的 6 位数字'));

export const recoveryCodeSchema = z
  .string({ error: '请输入恢复码' })
  .trim()
  .min(1, '请输入恢复码')
  .max(40, '恢复码格式不对，形如 abcd-efgh-jkmn');

const secondFactorSchema = z.union([
  z.object({ recoveryCode: recoveryCodeSchema }),
  z.object({ code: totpCodeSchema }),
]);

/** The second sign-in step's form: an authenticator code, or a recovery code instead. */
export function parseSecondFactor(input: {
  code?: string | null;
  recoveryCode?: string | null;
}): SecondFactorInput {
  const data = input.recoveryCode?.trim()
    ? { recoveryCode: input.recoveryCode }
    : { code: input.code ?? '' };
  return parseInput(secondFactorSchema, data, SecurityErrors.INVALID_INPUT);
}

/** How a person proves, once more, that it is them: password, authenticator, or an SMS/email code. */
export const confirmIdentitySchema = z.discriminatedUnion(
  'method',
  [
    z.object({
      method: z.literal('password'),
      password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
    }),
    z.object({ method: z.literal('totp'), code: totpCodeSchema }),
    z.object({
      method: z.literal('code'),
      code: z
        .string({ error: '请输入验证码' })
        .trim()
        .regex(/^\d{6}$/, '请输入 6 位数字验证码'),
    }),
  ],
  { error: '请选择验证方式' },
);

export type ConfirmIdentityInput = z.input<typeof confirmIdentitySchema>;
