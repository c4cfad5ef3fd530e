import { z } from 'zod';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, '邮箱地址过长')
  .email('请输入有效的邮箱地址');

export const staffSignInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, '请输入密码').max(200, '密码过长'),
});

export const newPasswordSchema = z.string().min(10, '密码至少 10 位').max(200, '密码最多 200 位');
