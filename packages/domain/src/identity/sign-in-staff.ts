import type { Database } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { IdentityErrors } from './identity.errors.js';
import { staffSignInSchema } from './identity.schemas.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { createStaffSession } from './staff-sessions.js';

/**
 * Console sign-in with email and password. The answer for an unknown email, a wrong password and
 * a disabled account is the same, and takes the same time.
 */
export async function signInStaff(
  db: Database,
  input: { email: string; password: string },
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const { email, password } = staffSignInSchema.parse(input);
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'password_hash', 'status'])
    .where('email', '=', email)
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !user.password_hash || !ok || user.status !== 'active') {
    await recordPlatformAudit(db, {
      actor: { type: 'system', id: 'console' },
      action: 'staff.sign_in_failed',
      data: { email, ip: meta.ip ?? null },
    });
    throw new DomainError(IdentityErrors.INVALID_CREDENTIALS, {
      userMessage: '邮箱或密码不正确',
      status: 401,
    });
  }
  const { token, session } = await createStaffSession(db, user.id, meta);
  await db
    .updateTable('staff_users')
    .set({ last_sign_in_at: new Date() })
    .where('id', '=', user.id)
    .execute();
  await recordPlatformAudit(db, {
    actor: { type: 'staff', id: user.id, ip: meta.ip ?? null },
    action: 'staff.sign_in',
    target: { type: 'staff_session', id: session.id },
  });
  return { token, expiresAt: session.expiresAt, userId: user.id };
}
