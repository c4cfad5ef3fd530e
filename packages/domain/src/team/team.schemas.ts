import { z } from 'zod';
import { emailSchema, newPasswordSchema } from '../identity/identity.schemas.js';

export const staffRoleSchema = z.enum(['owner', 'manager', 'support', 'finance'], {
  error: '请选择角色：店主、管理员、客服或财务',
});

export const inviteTeamMemberSchema = z.object({
  email: emailSchema,
  role: staffRoleSchema,
});
export type InviteTeamMemberInput = z.input<typeof inviteTeamMemberSchema>;

export const changeTeamMemberRoleSchema = z.object({
  userId: z.string(),
  role: staffRoleSchema,
});

/** The accept page's new-account form. */
export const acceptAsNewStaffSchema = z
  .object({
    displayName: z.string().trim().min(1, '请填写你的姓名').max(80, '姓名最多 80 个字'),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: '两次输入的密码不一致',
    path: ['confirmPassword'],
  });
