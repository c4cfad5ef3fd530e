import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { enforceRateLimits, LOCKOUTS, RATE_LIMITS } from '../security/limits.js';
import {
  issuePendingSignIn,
  PENDING_SIGN_IN_TTL_MS,
  readPendingSignIn,
} from '../security/pending-sign-in.js';
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
import { twoFactorKeys } from '../security/two-factor-keys.js';
import type { CustomerAuth } from './customer-auth.js';
import { nowOf, recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { recordCustomerNotice, sendCustomerNotice } from './customer-notices.js';
import { customerTwoFactorStore } from './customer-security.queries.js';
import { createCustomerSession, type IssuedCustomerSession } from './customer-sessions.js';
import { customerSecretContext, requireCustomerRecentConfirmation } from './confirm-customer.js';
import {
  findCustomerById,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from './customers.queries.js';

/** The second step a sign-in still needs: carried in a short-lived cookie until it is done. */
export interface TwoFactorChallenge {
  pendingToken: string;
  expiresAt: Date;
}

/** A pending sign-in for a customer whose first factor (password or SMS/email code) was right. */
export function customerSignInChallenge(
  ctx: Pick<CustomerContext, 'codeKey' | 'tenant' | 'now'>,
  customerId: string,
  input: { remember: boolean; method: 'password' | 'code' | 'wechat' | 'qq' },
): TwoFactorChallenge {
  const { token, pending } = issuePendingSignIn(
    twoFactorKeys(ctx.codeKey),
    {
      audience: 'customer',
      subjectId: customerId,
      tenantId: ctx.tenant.id,
      remember: input.remember,
      method: input.method,
    },
    nowOf(ctx),
  );
  return { pendingToken: token, expiresAt: new Date(pending.expiresAt) };
}

function pendingSignInExpired(): DomainError {
  return new DomainError(SecurityErrors.TWO_FACTOR_EXPIRED, {
    userMessage: `登录验证已超时（${PENDING_SIGN_IN_TTL_MS / 60_000} 分钟内有效），请重新登录`,
    status: 401,
  });
}

/**
 * The second sign-in step of a customer with two-step verification: an authenticator code (each
 * time step once) or a recovery code (each once). Only now is a session created; wrong codes
 * count toward a lockout of the account's second factor and of the address.
 */
export async function completeCustomerSignIn(
  ctx: CustomerContext,
  pendingToken: string | null,
  input: { code?: string | null; recoveryCode?: string | null },
): Promise<{
  customer: Customer;
  session: IssuedCustomerSession;
  recoveryCodesLeft: number | null;
}> {
  const nowMs = nowOf(ctx);
  const pending = readPendingSignIn(twoFactorKeys(ctx.codeKey), pendingToken, nowMs);
  if (!pending || pending.audience !== 'customer' || pending.tenantId !== ctx.tenant.id) {
    throw pendingSignInExpired();
  }
  const factor = parseSecondFactor(input);
  const customerId = pending.subjectId;
  const secretContext = customerSecretContext(ctx.tenant.id, customerId);
  await assertTwoFactorNotLocked(ctx.rateLimiter, secretContext, ctx.ip);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );

  let notice: SecurityNotice | null = null;
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, customerId);
    if (!row || row.status !== 'active') return { kind: 'gone' as const };
    const result = await checkSecondFactor(
      customerTwoFactorStore(trx, ctx.tenant.id, customerId),
      twoFactorKeys(ctx.codeKey),
      secretContext,
      factor,
      nowMs,
    );
    if (!result.ok) {
      if (result.reason === 'not-enabled') return { kind: 'gone' as const };
      await recordCustomerEvent(trx, ctx, 'customer.two_factor_failed', {
        customerId,
        data: {
          reason: result.reason,
          with: 'recoveryCode' in factor ? 'recovery_code' : 'totp',
        },
      });
      return { kind: 'wrong' as const };
    }
    // A pending sign-in finishes once: replaying the cookie with another code opens nothing.
    const once = await ctx.rateLimiter.hit(
      { name: '2fa:pending', limit: 1, windowMs: PENDING_SIGN_IN_TTL_MS },
      pending.nonce,
    );
    if (!once.allowed) return { kind: 'gone' as const };
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId,
      remember: pending.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, customerId);
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId,
      target: { type: 'customer_session', id: session.id },
      data: { method: pending.method, secondFactor: result.method, remember: pending.remember },
    });
    if (result.method === 'recovery_code') {
      notice = await recordCustomerNotice(
        trx,
        ctx,
        customerId,
        'recovery_code_used',
        `剩余 ${result.recoveryCodesLeft} 个恢复码。`,
      );
    }
    return {
      kind: 'ok' as const,
      customer: toCustomer(row),
      session,
      recoveryCodesLeft: result.method === 'recovery_code' ? result.recoveryCodesLeft : null,
    };
  });

  if (outcome.kind === 'gone') throw pendingSignInExpired();
  if (outcome.kind === 'wrong') {
    throw secondFactorError(
      factor,
      await recordTwoFactorFailure(ctx.rateLimiter, secretContext, ctx.ip),
    );
  }
  await ctx.rateLimiter.clearFailures(LOCKOUTS.twoFactor, secretContext);
  if (notice) {
    await sendCustomerNotice(
      ctx,
      { email: outcome.customer.email, phone: outcome.customer.phone },
      notice,
    );
  }
  return {
    customer: outcome.customer,
    session: outcome.session,
    recoveryCodesLeft: outcome.recoveryCodesLeft,
  };
}

export function getCustomerTwoFactor(
  ctx: Pick<CustomerContext, 'db' | 'tenant'>,
  auth: CustomerAuth,
): Promise<TwoFactorStatus> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) =>
    readTwoFactorStatus(customerTwoFactorStore(trx, ctx.tenant.id, auth.customerId)),
  );
}

/** The QR code and key of the enrolment in progress (created when there is none). */
export function startCustomerTwoFactorEnrolment(
  ctx: CustomerContext,
  auth: CustomerAuth,
): Promise<EnrolmentView> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    return pendingEnrolment(
      customerTwoFactorStore(trx, ctx.tenant.id, auth.customerId),
      twoFactorKeys(ctx.codeKey),
      customerSecretContext(ctx.tenant.id, auth.customerId),
      { issuer: ctx.tenant.name, accountName: (row.phone ?? row.email)! },
      nowOf(ctx),
    );
  });
}

const enrolmentCodeSchema = z.object({ code: totpCodeSchema });

/**
 * Turns two-step verification on with the first code from the authenticator; returns the ten
 * recovery codes, shown this once.
 */
export async function confirmCustomerTwoFactorEnrolment(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: { code: string },
): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(enrolmentCodeSchema, input, SecurityErrors.INVALID_INPUT);
  let notice: SecurityNotice | null = null;
  let to: { email: string | null; phone: string | null } = { email: null, phone: null };
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    to = { email: row.email, phone: row.phone };
    const result = await completeEnrolment(
      customerTwoFactorStore(trx, ctx.tenant.id, auth.customerId),
      twoFactorKeys(ctx.codeKey),
      customerSecretContext(ctx.tenant.id, auth.customerId),
      code,
      nowOf(ctx),
    );
    if (result.kind === 'enabled') {
      await recordCustomerEvent(trx, ctx, 'customer.two_factor_enabled', {
        customerId: auth.customerId,
      });
      notice = await recordCustomerNotice(trx, ctx, auth.customerId, 'two_factor_enabled');
    }
    return result;
  });
  const recoveryCodes = enrolledRecoveryCodes(outcome);
  if (notice) await sendCustomerNotice(ctx, to, notice);
  return { recoveryCodes };
}

/** Turns two-step verification off (a sensitive operation: needs a recent confirmation). */
export async function disableCustomerTwoFactor(
  ctx: CustomerContext,
  auth: CustomerAuth,
): Promise<void> {
  const { notice, to } = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await requireCustomerRecentConfirmation(trx, ctx, auth, 'disable_two_factor');
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const store = customerTwoFactorStore(trx, ctx.tenant.id, auth.customerId);
    if (!(await store.load())?.enabledAt) throw notEnabledError();
    await store.remove();
    await recordCustomerEvent(trx, ctx, 'customer.two_factor_disabled', {
      customerId: auth.customerId,
    });
    return {
      notice: await recordCustomerNotice(trx, ctx, auth.customerId, 'two_factor_disabled'),
      to: { email: row.email, phone: row.phone },
    };
  });
  await sendCustomerNotice(ctx, to, notice);
}

/** Ten new recovery codes, the old ones void (a sensitive operation). */
export async function regenerateCustomerRecoveryCodes(
  ctx: CustomerContext,
  auth: CustomerAuth,
): Promise<{ recoveryCodes: string[] }> {
  const { codes, notice, to } = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await requireCustomerRecentConfirmation(trx, ctx, auth, 'regenerate_recovery_codes');
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const store = customerTwoFactorStore(trx, ctx.tenant.id, auth.customerId);
    if (!(await store.load())?.enabledAt) throw notEnabledError();
    const fresh = await newRecoveryCodes(
      store,
      twoFactorKeys(ctx.codeKey),
      customerSecretContext(ctx.tenant.id, auth.customerId),
    );
    await recordCustomerEvent(trx, ctx, 'customer.recovery_codes_regenerated', {
      customerId: auth.customerId,
    });
    return {
      codes: fresh,
      notice: await recordCustomerNotice(trx, ctx, auth.customerId, 'recovery_codes_regenerated'),
      to: { email: row.email, phone: row.phone },
    };
  });
  await sendCustomerNotice(ctx, to, notice);
  return { recoveryCodes: codes };
}
