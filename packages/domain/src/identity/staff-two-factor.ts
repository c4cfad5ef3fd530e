import { z } from 'zod';
import { recordPlatformAudit } from '../audit/audit.queries.js';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { enforceRateLimits, LOCKOUTS, RATE_LIMITS } from '../security/limits.js';
import { PENDING_SIGN_IN_TTL_MS, readPendingSignIn } from '../security/pending-sign-in.js';
import { confirmationExpiresAt } from '../security/recent-confirmation.js';
import { parseSecondFactor, totpCodeSchema } from '../security/security.schemas.js';
import { SecurityErrors } from '../security/security.errors.js';
import type { SecurityNotice } from '../security/security-notices.js';
import {
  assertTwoFactorNotLocked,
  checkSecondFactor,
  completeEnrolment,
  enrolledRecoveryCodes,
  newRecoveryCodes,
  notEnabledError,
  pendingEnrolment,
  readTwoFactorStatus,
  recordTwoFactorFailure,
  secondFactorError,
  type EnrolmentView,
  type TwoFactorStatus,
} from '../security/two-factor.js';
import { openStaffSession } from './sign-in-staff.js';
import {
  staffSecretContext,
  staffTwoFactorRequired,
  type StaffAuth,
  type StaffAuthContext,
} from './staff-auth-context.js';
import { requireStaffRecentConfirmation, staffConfirmationMethods } from './staff-confirmation.js';
import { mailStaffNotice, recordStaffNotice } from './staff-notices.js';
import {
  findStaffUser,
  selectStaffSessionConfirmation,
  staffTwoFactorStore,
} from './staff-security.queries.js';

const enrolmentCodeSchema = z.object({ code: totpCodeSchema });

/** The authenticator's label: the platform's name, and the account's email. */
const ISSUER = '卡盟云';

export function pendingSignInExpired(): DomainError {
  return new DomainError(SecurityErrors.TWO_FACTOR_EXPIRED, {
    userMessage: `登录验证已超时（${PENDING_SIGN_IN_TTL_MS / 60_000} 分钟内有效），请重新输入密码登录`,
    status: 401,
  });
}

/**
 * The second sign-in step: the pending sign-in from signInStaff plus an authenticator code (each
 * time step once) or a recovery code (each once). Only now is a session created. Wrong codes
 * count toward a lockout of the account's second factor and of the address.
 */
export async function completeStaffSignIn(
  ctx: StaffAuthContext,
  pendingToken: string | null,
  input: { code?: string | null; recoveryCode?: string | null },
): Promise<{ token: string; expiresAt: Date; userId: string; recoveryCodesLeft: number | null }> {
  const nowMs = ctx.now();
  const pending = readPendingSignIn(ctx.keys, pendingToken, nowMs);
  if (!pending || pending.audience !== 'staff') throw pendingSignInExpired();
  const factor = parseSecondFactor(input);
  const userId = pending.subjectId;
  const accountKey = staffSecretContext(userId);
  await assertTwoFactorNotLocked(ctx.rateLimiter, accountKey, ctx.ip);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );

  const user = await findStaffUser(ctx.db, { id: userId });
  if (!user || user.status !== 'active') throw pendingSignInExpired();
  let notice: SecurityNotice | null = null;
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const result = await checkSecondFactor(
      staffTwoFactorStore(trx, userId),
      ctx.keys,
      accountKey,
      factor,
      nowMs,
    );
    if (result.ok && result.method === 'recovery_code') {
      notice = await recordStaffNotice(
        trx,
        ctx,
        userId,
        'recovery_code_used',
        `剩余 ${result.recoveryCodesLeft} 个恢复码。`,
      );
    }
    return result;
  });

  if (!outcome.ok) {
    // Two-step verification was turned off meanwhile: the password alone was the whole proof.
    if (outcome.reason === 'not-enabled') throw pendingSignInExpired();
    await recordPlatformAudit(ctx.db, {
      actor: { type: 'staff', id: userId, ip: ctx.ip },
      action: 'staff.two_factor_failed',
      data: { reason: outcome.reason, with: 'recoveryCode' in factor ? 'recovery_code' : 'totp' },
    });
    throw secondFactorError(
      factor,
      await recordTwoFactorFailure(ctx.rateLimiter, accountKey, ctx.ip),
    );
  }
  // A pending sign-in finishes once: replaying the cookie with another code opens nothing.
  const once = await ctx.rateLimiter.hit(
    { name: '2fa:pending', limit: 1, windowMs: PENDING_SIGN_IN_TTL_MS },
    pending.nonce,
  );
  if (!once.allowed) throw pendingSignInExpired();
  await ctx.rateLimiter.clearFailures(LOCKOUTS.twoFactor, accountKey);
  const session = await openStaffSession(ctx, userId, {
    method: 'password',
    secondFactor: outcome.method,
  });
  if (notice) await mailStaffNotice(ctx, user.email, notice);
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    userId,
    recoveryCodesLeft: outcome.method === 'recovery_code' ? outcome.recoveryCodesLeft : null,
  };
}

export interface StaffSecurityOverview {
  twoFactor: TwoFactorStatus;
  /** Platform staff and owner / finance members must use it. */
  required: boolean;
  /** When the session's second confirmation runs out (null: none in force). */
  confirmedUntil: Date | null;
  confirmMethods: Array<'password' | 'totp'>;
}

export async function getStaffSecurity(
  ctx: Pick<StaffAuthContext, 'db' | 'now'>,
  auth: StaffAuth,
  user: { platformRole: string | null },
): Promise<StaffSecurityOverview> {
  const twoFactor = await ctx.db
    .transaction()
    .execute((trx) => readTwoFactorStatus(staffTwoFactorStore(trx, auth.userId)));
  const session = await selectStaffSessionConfirmation(ctx.db, auth.userId, auth.sessionId);
  return {
    twoFactor,
    required: await staffTwoFactorRequired(ctx.db, {
      id: auth.userId,
      platformRole: user.platformRole,
    }),
    confirmedUntil: confirmationExpiresAt(session?.confirmedAt ?? null, ctx.now()),
    confirmMethods: await staffConfirmationMethods(ctx.db, auth.userId),
  };
}

/** The QR code and key of the enrolment in progress (created when there is none). */
export async function startStaffTwoFactorEnrolment(
  ctx: StaffAuthContext,
  auth: StaffAuth,
): Promise<EnrolmentView> {
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user) throw new Error(`staff ${auth.userId} is gone`);
  return ctx.db
    .transaction()
    .execute((trx) =>
      pendingEnrolment(
        staffTwoFactorStore(trx, auth.userId),
        ctx.keys,
        staffSecretContext(auth.userId),
        { issuer: ISSUER, accountName: user.email },
        ctx.now(),
      ),
    );
}

/**
 * Turns two-step verification on with the first code from the authenticator; returns the ten
 * recovery codes, shown this once.
 */
export async function confirmStaffTwoFactorEnrolment(
  ctx: StaffAuthContext,
  auth: StaffAuth,
  input: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(enrolmentCodeSchema, input, SecurityErrors.INVALID_INPUT);
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user) throw new Error(`staff ${auth.userId} is gone`);
  let notice: SecurityNotice | null = null;
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const result = await completeEnrolment(
      staffTwoFactorStore(trx, auth.userId),
      ctx.keys,
      staffSecretContext(auth.userId),
      code,
      ctx.now(),
    );
    if (result.kind === 'enabled') {
      await recordPlatformAudit(trx, {
        actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
        action: 'staff.two_factor_enabled',
      });
      notice = await recordStaffNotice(trx, ctx, auth.userId, 'two_factor_enabled');
    }
    return result;
  });
  const recoveryCodes = enrolledRecoveryCodes(outcome);
  if (notice) await mailStaffNotice(ctx, user.email, notice);
  return { recoveryCodes };
}

/** Turns two-step verification off (a sensitive operation: needs a recent confirmation). */
export async function disableStaffTwoFactor(ctx: StaffAuthContext, auth: StaffAuth): Promise<void> {
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user) throw new Error(`staff ${auth.userId} is gone`);
  const notice = await ctx.db.transaction().execute(async (trx) => {
    await requireStaffRecentConfirmation(trx, auth, 'disable_two_factor', ctx.now());
    const store = staffTwoFactorStore(trx, auth.userId);
    if (!(await store.load())?.enabledAt) throw notEnabledError();
    await store.remove();
    await recordPlatformAudit(trx, {
      actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
      action: 'staff.two_factor_disabled',
    });
    return recordStaffNotice(trx, ctx, auth.userId, 'two_factor_disabled');
  });
  await mailStaffNotice(ctx, user.email, notice);
}

/** Ten new recovery codes, the old ones void (a sensitive operation). */
export async function regenerateStaffRecoveryCodes(
  ctx: StaffAuthContext,
  auth: StaffAuth,
): Promise<{ recoveryCodes: string[] }> {
  const user = await findStaffUser(ctx.db, { id: auth.userId });
  if (!user) throw new Error(`staff ${auth.userId} is gone`);
  const { codes, notice } = await ctx.db.transaction().execute(async (trx) => {
    await requireStaffRecentConfirmation(trx, auth, 'regenerate_recovery_codes', ctx.now());
    const store = staffTwoFactorStore(trx, auth.userId);
    if (!(await store.load())?.enabledAt) throw notEnabledError();
    const fresh = await newRecoveryCodes(store, ctx.keys, staffSecretContext(auth.userId));
    await recordPlatformAudit(trx, {
      actor: { type: 'staff', id: auth.userId, ip: ctx.ip },
      action: 'staff.recovery_codes_regenerated',
    });
    return {
      codes: fresh,
      notice: await recordStaffNotice(trx, ctx, auth.userId, 'recovery_codes_regenerated'),
    };
  });
  await mailStaffNotice(ctx, user.email, notice);
  return { recoveryCodes: codes };
}
