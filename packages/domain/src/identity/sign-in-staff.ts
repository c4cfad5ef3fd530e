import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import {
  assertNotLockedOut,
  enforceRateLimits,
  formatWait,
  LOCKOUTS,
  RATE_LIMITS,
  recordSignInFailure,
} from '../security/limits.js';
import { issuePendingSignIn } from '../security/pending-sign-in.js';
import { SecurityErrors } from '../security/security.errors.js';
import { IdentityErrors } from './identity.errors.js';
import { staffSignInSchema } from './identity.schemas.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import type { StaffAuthContext } from './staff-auth-context.js';
import { findStaffUser } from './staff-security.queries.js';
import { createStaffSession } from './staff-sessions.js';

export type StaffSignInResult =
  | { status: 'signed_in'; token: string; expiresAt: Date; userId: string }
  /** The password was right; the account has two-step verification: the second step is due. */
  | { status: 'two_factor'; pendingToken: string; expiresAt: Date };

/** Lockout keys of a console account (by its email) and of the client address. */
export function staffLockKeys(email: string, ip: string | null) {
  return { account: `staff:${email}`, ip };
}

export function staffLockedOutError(lockedForMs: number): DomainError {
  return new DomainError(SecurityErrors.LOCKED_OUT, {
    message: `console sign-in locked for ${lockedForMs} ms`,
    userMessage: `登录失败次数过多，已暂时锁定。请 ${formatWait(lockedForMs)}后再试。`,
    status: 429,
    details: { retryAfterMs: lockedForMs },
  });
}

/**
 * Console sign-in with email and password. The answer for an unknown email, a wrong password and
 * a disabled account is the same, and takes the same time; repeated failures lock the account and
 * the address for a while. An account with two-step verification gets no session yet, only a
 * signed pending sign-in for completeStaffSignIn.
 */
export async function signInStaff(
  ctx: StaffAuthContext,
  input: { email: string; password: string },
): Promise<StaffSignInResult> {
  const { email, password } = staffSignInSchema.parse(input);
  const keys = staffLockKeys(email, ctx.ip);
  try {
    await assertNotLockedOut(ctx.rateLimiter, keys);
  } catch (error) {
    if (error instanceof DomainError && error.code === SecurityErrors.LOCKED_OUT) {
      throw staffLockedOutError(Number(error.details?.retryAfterMs ?? 60_000));
    }
    throw error;
  }
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );
  const user = await findStaffUser(ctx.db, { email });
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !user.password_hash || !ok || user.status !== 'active') {
    // The account (when there is one) is the target: its holder sees the attempt in 我的安全记录.
    const account = user ? { target: { type: 'staff_user', id: user.id } } : {};
    await recordPlatformAudit(ctx.db, {
      actor: { type: 'system', id: 'console' },
      action: 'staff.sign_in_failed',
      ...account,
      data: { email, ip: ctx.ip, userAgent: ctx.userAgent },
    });
    const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
    if (lockedForMs > 0) {
      await recordPlatformAudit(ctx.db, {
        actor: { type: 'system', id: 'console' },
        action: 'staff.locked_out',
        ...account,
        data: { email, ip: ctx.ip, userAgent: ctx.userAgent, lockedForMs },
      });
      throw staffLockedOutError(lockedForMs);
    }
    throw new DomainError(IdentityErrors.INVALID_CREDENTIALS, {
      userMessage: '邮箱或密码不正确',
      status: 401,
    });
  }
  await ctx.rateLimiter.clearFailures(LOCKOUTS.account, keys.account);
  if (user.two_factor_enabled_at) {
    const { token, pending } = issuePendingSignIn(
      ctx.keys,
      {
        audience: 'staff',
        subjectId: user.id,
        tenantId: null,
        remember: false,
        method: 'password',
      },
      ctx.now(),
    );
    await recordPlatformAudit(ctx.db, {
      actor: { type: 'staff', id: user.id, ip: ctx.ip },
      action: 'staff.sign_in_password_ok',
      data: { secondStep: 'two_factor' },
    });
    return { status: 'two_factor', pendingToken: token, expiresAt: new Date(pending.expiresAt) };
  }
  return openStaffSession(ctx, user.id, { method: 'password' });
}

/** Creates the session of a console account that passed every step, and records the sign-in. */
export async function openStaffSession(
  ctx: StaffAuthContext,
  userId: string,
  data: Record<string, unknown>,
): Promise<{ status: 'signed_in'; token: string; expiresAt: Date; userId: string }> {
  const { token, session } = await createStaffSession(ctx.db, userId, {
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  await ctx.db
    .updateTable('staff_users')
    .set({ last_sign_in_at: new Date() })
    .where('id', '=', userId)
    .execute();
  await recordPlatformAudit(ctx.db, {
    actor: { type: 'staff', id: userId, ip: ctx.ip },
    action: 'staff.sign_in',
    target: { type: 'staff_session', id: session.id },
    data: { ...data, userAgent: ctx.userAgent },
  });
  return { status: 'signed_in', token, expiresAt: session.expiresAt, userId };
}
