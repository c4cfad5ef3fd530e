import { z } from 'zod';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { parseInput } from '../parse-input.js';
import { SecurityErrors } from '../security/security.errors.js';
import { newPasswordSchema } from './identity.schemas.js';
import { hashPassword } from './passwords.js';
import type { StaffAuth, StaffAuthContext } from './staff-auth-context.js';
import { requireStaffRecentConfirmation } from './staff-confirmation.js';
import { mailStaffNotice, recordStaffNotice } from './staff-notices.js';
import {
  deleteOtherStaffSessions,
  findStaffUser,
  setStaffPasswordHash,
} from './staff-security.queries.js';

export const changeStaffPasswordSchema = z
  .object({
    newPassword: newPasswordSchema,
    confirmPassword: z.string().max(200, '密码最多 200 位'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: '两次输入的新密码不一致',
  });

/**
 * Changes a console account's password: a sensitive operation (the session must have confirmed
 * within the last 5 minutes). Every other session of the account is signed out; the holder gets
 * an in-site notice and a mail.
 */
export async function changeStaffPassword(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  input: { newPassword: string; confirmPassword: string },
): Promise<{ revokedSessions: number }> {
  const data = parseInput(changeStaffPasswordSchema, input, SecurityErrors.INVALID_INPUT);
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user) throw new Error(`staff ${auth.userId} is gone`);
  const passwordHash = await hashPassword(data.newPassword);
  const { revokedSessions, notice } = await ctx.db.transaction().execute(async (trx) => {
    await requireStaffRecentConfirmation(trx, auth, 'change_password', ctx.now());
    await setStaffPasswordHash(trx, auth.userId, passwordHash);
    const revoked = await deleteOtherStaffSessions(trx, auth.userId, auth.sessionId);
    await recordPlatformAudit(trx, {
      actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
      action: 'staff.password_changed',
      data: { revokedSessions: revoked },
    });
    return {
      revokedSessions: revoked,
      notice: await recordStaffNotice(
        trx,
        ctx,
        auth.userId,
        'password_changed',
        revoked > 0 ? `其他 ${revoked} 台设备已退出登录。` : undefined,
      ),
    };
  });
  await mailStaffNotice(ctx, user.email, notice);
  return { revokedSessions };
}
