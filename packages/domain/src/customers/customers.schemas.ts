import { z } from 'zod';
import { emailSchema } from '../identity/identity.schemas.js';

/** Mainland mobile numbers: 11 digits from 13x to 19x; spaces, dashes and +86 are dropped. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .refine((v) => /^1[3-9]\d{9}$/.test(v), '请输入 11 位中国大陆手机号');

export type Identifier = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** A phone number or an email address, whichever the person typed. */
export const identifierSchema = z
  .string({ error: '请输入手机号或邮箱' })
  .trim()
  .min(1, '请输入手机号或邮箱')
  .max(254, '手机号或邮箱过长')
  .transform((value, ctx): Identifier => {
    if (value.includes('@')) {
      const email = emailSchema.safeParse(value);
      if (email.success) return { kind: 'email', value: email.data };
      ctx.addIssue({ code: 'custom', message: '请输入有效的邮箱地址' });
      return z.NEVER;
    }
    const phone = phoneSchema.safeParse(value);
    if (phone.success) return { kind: 'phone', value: phone.data };
    ctx.addIssue({ code: 'custom', message: '请输入 11 位手机号或有效的邮箱地址' });
    return z.NEVER;
  });

export const PASSWORD_MIN = 8;

/** A new password: at least 8 characters and not only digits (phone numbers and birthdays). */
export const customerPasswordSchema = z
  .string({ error: '请输入密码' })
  .min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 位`)
  .max(128, '密码最多 128 位')
  .refine((v) => !/^\d+$/.test(v), '密码不能全是数字，请加入字母或符号')
  .refine((v) => v.trim().length > 0, '密码不能全是空格');

export const codeSchema = z
  .string({ error: '请输入验证码' })
  .trim()
  .regex(/^\d{6}$/, '请输入 6 位数字验证码');

export const displayNameSchema = z
  .string()
  .trim()
  .max(40, '昵称最多 40 个字')
  .optional()
  .transform((v) => (v ? v : undefined));

export const registerWithPasswordSchema = z.object({
  identifier: identifierSchema,
  password: customerPasswordSchema,
  displayName: displayNameSchema,
  remember: z.boolean().default(false),
});
export type RegisterWithPasswordInput = z.input<typeof registerWithPasswordSchema>;

export const signInWithPasswordSchema = z.object({
  identifier: identifierSchema,
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码最多 128 位'),
  remember: z.boolean().default(false),
});
export type SignInWithPasswordInput = z.input<typeof signInWithPasswordSchema>;

export const codePurposeSchema = z.enum(['sign_in', 'register', 'reset_password'], {
  error: '不支持的验证码用途',
});

export const sendCodeSchema = z.object({
  identifier: identifierSchema,
  purpose: codePurposeSchema,
});
export type SendCodeInput = z.input<typeof sendCodeSchema>;

export const signInWithCodeSchema = z.object({
  identifier: identifierSchema,
  code: codeSchema,
  purpose: z.enum(['sign_in', 'register']).default('sign_in'),
  remember: z.boolean().default(false),
});
export type SignInWithCodeInput = z.input<typeof signInWithCodeSchema>;

export const resetPasswordSchema = z.object({
  identifier: identifierSchema,
  code: codeSchema,
  password: customerPasswordSchema,
});
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

/** A new password; proof of identity is a recent second confirmation of the session. */
export const changePasswordSchema = z.object({
  newPassword: customerPasswordSchema,
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
