import type { Database } from '@cardshop/db';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { assertNotLockedOut, LOCKOUTS, recordSignInFailure } from '../security/limits.js';
import {
  assertRecentlyConfirmed,
  confirmationExpiresAt,
  type SensitiveAction,
} from '../security/recent-confirmation.js';
import { confirmIdentitySchema, type ConfirmIdentityInput } from '../security/security.schemas.js';
import { SecurityErrors } from '../security/security.errors.js';
import {
  assertTwoFactorNotLocked,
  checkSecondFactor,
  recordTwoFactorFailure,
  TWO_FACTOR_INVALID_MESSAGE,
  twoFactorLockedError,
} from '../security/two-factor.js';
import { verifyPassword } from './passwords.js';
import { staffLockedOutError, staffLockKeys } from './sign-in-staff.js';
import { staffSecretContext, type StaffAuth, type StaffAuthContext } from './staff-auth-context.js';
import {
  findStaffUser,
  markStaffSessionConfirmed,
  selectStaffSessionConfirmation,
  staffTwoFactorStore,
} from './staff-security.queries.js';

/**
 * The guard of every sensitive console operation: call it first inside the operation's
 * transaction. Refuses (403 CONFIRMATION_REQUIRED, a Chinese message naming the operation)
 * unless this session confirmed the person's identity within RECENT_CONFIRMATION_MS.
 */
export async function requireStaffRecentConfirmation(
  trx: Database,
  auth: StaffAuth,
  action: SensitiveAction,
  nowMs: number,
): Promise<void> {
  const row = await selectStaffSessionConfirmation(trx, auth.userId, auth.sessionId);
  assertRecentlyConfirmed(row?.confirmedAt ?? null, action, nowMs);
}

/** When this session's confirmation runs out, or null when it has none in force. */
export async function staffConfirmedUntil(
  db: Database,
  auth: StaffAuth,
  nowMs: number,
): Promise<Date | null> {
  const row = await selectStaffSessionConfirmation(db, auth.userId, auth.sessionId);
  return confirmationExpiresAt(row?.confirmedAt ?? null, nowMs);
}

/** The ways this account can confirm: its password, and its authenticator when it has one. */
export async function staffConfirmationMethods(
  db: Database,
  userId: string,
): Promise<Array<'password' | 'totp'>> {
  const user = await findStaffUser(db, { id: userId });
  const methods: Array<'password' | 'totp'> = [];
  if (user?.password_hash) methods.push('password');
  if (user?.two_factor_enabled_at) methods.push('totp');
  return methods;
}

/**
 * Second confirmation: the person proves it is them again with the password or a fresh
 * authenticator code, and the session records it (confirmed_at). Wrong passwords count toward
 * the sign-in lockout, wrong codes toward the two-step lockout.
 */
export async function confirmStaffIdentity(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  input: ConfirmIdentityInput,
): Promise<{ confirmedUntil: Date }> {
  const data = parseInput(confirmIdentitySchema, input, SecurityErrors.INVALID_INPUT);
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user || user.status !== 'active') throw new Error(`staff ${auth.userId} is gone`);
  const nowMs = ctx.now();

  if (data.method === 'password') {
    const keys = staffLockKeys(user.email, ctx.ip);
    await assertNotLockedOut(ctx.rateLimiter, keys).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === SecurityErrors.LOCKED_OUT)
        throw staffLockedOutError(Number(error.details?.retryAfterMs ?? 60_000));
      throw error;
    });
    if (!user.password_hash || !(await verifyPassword(user.password_hash, data.password))) {
      await recordPlatformAudit(ctx.db, {
        actor: { type: 'staff', id: user.id, ip: ctx.ip },
        action: 'staff.confirm_failed',
        data: { method: 'password' },
      });
      const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
      if (lockedForMs > 0) throw staffLockedOutError(lockedForMs);
      throw confirmationFailed('password', '密码不正确');
    }
    await ctx.rateLimiter.clearFailures(LOCKOUTS.account, keys.account);
  } else if (data.method === 'totp') {
    const accountKey = staffSecretContext(user.id);
    await assertTwoFactorNotLocked(ctx.rateLimiter, accountKey, ctx.ip);
    const outcome = await ctx.db
      .transaction()
      .execute((trx) =>
        checkSecondFactor(
          staffTwoFactorStore(trx, user.id),
          ctx.keys,
          staffSecretContext(user.id),
          { code: data.code },
          nowMs,
        ),
      );
    if (!outcome.ok) {
      if (outcome.reason === 'not-enabled') {
        throw confirmationFailed('code', '你还没有开启两步验证，请用密码验证');
      }
      await recordPlatformAudit(ctx.db, {
        actor: { type: 'staff', id: user.id, ip: ctx.ip },
        action: 'staff.confirm_failed',
        data: { method: 'totp', reason: outcome.reason },
      });
      const lockedForMs = await recordTwoFactorFailure(ctx.rateLimiter, accountKey, ctx.ip);
      if (lockedForMs > 0) throw twoFactorLockedError(lockedForMs);
      throw confirmationFailed('code', TWO_FACTOR_INVALID_MESSAGE);
    }
    await ctx.rateLimiter.clearFailures(LOCKOUTS.twoFactor, accountKey);
  } else {
    throw confirmationFailed('method', '控制台账号请用密码或验证器验证');
  }

  const at = new Date(nowMs);
  if (!(await markStaffSessionConfirmed(ctx.db, user.id, auth.sessionId, at))) {
    throw new DomainError(SecurityErrors.TWO_FACTOR_EXPIRED, {
      userMessage: '登录已失效，请重新登录',
      status: 401,
    });
  }
  await recordPlatformAudit(ctx.db, {
    actor: { type: 'staff', id: user.id, ip: ctx.ip },
    action: 'staff.confirmed',
    target: { type: 'staff_session', id: auth.sessionId },
    data: { method: data.method },
  });
  return { confirmedUntil: confirmationExpiresAt(at, nowMs)! };
}

export function confirmationFailed(field: string, message: string): DomainError {
  return new DomainError(SecurityErrors.CONFIRMATION_FAILED, {
    userMessage: message,
    status: 400,
    details: { fieldErrors: { [field]: message } },
  });
}
