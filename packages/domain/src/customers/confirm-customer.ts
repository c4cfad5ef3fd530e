import { withTenant, type TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { verifyPassword } from '../identity/passwords.js';
import { parseInput } from '../parse-input.js';
import {
  assertNotLockedOut,
  LOCKOUTS,
  lockedOutError,
  recordSignInFailure,
  signInLockKeys,
} from '../security/limits.js';
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
import { twoFactorKeys } from '../security/two-factor-keys.js';
import type { CustomerAuth } from './customer-auth.js';
import { nowOf, recordCustomerEvent, type CustomerContext } from './customer-context.js';
import {
  customerHasTwoFactor,
  customerTwoFactorStore,
  markCustomerSessionConfirmed,
  selectCustomerSessionConfirmation,
} from './customer-security.queries.js';
import { findCustomerById } from './customers.queries.js';
import { CODE_INVALID_MESSAGE } from './sign-in-with-code.js';
import { consumeVerificationCode } from './verification-codes.js';

/** The AES-GCM associated data, recovery-code binding and lockout key of a shop customer. */
export function customerSecretContext(tenantId: string, customerId: string): string {
  return `customer:${tenantId}:${customerId}`;
}

/**
 * The guard of every sensitive customer operation: call it first inside the operation's tenant
 * transaction. Refuses (403 CONFIRMATION_REQUIRED, a Chinese message naming the operation)
 * unless this session confirmed the person's identity within RECENT_CONFIRMATION_MS.
 */
export async function requireCustomerRecentConfirmation(
  trx: TenantTx,
  ctx: Pick<CustomerContext, 'tenant' | 'now'>,
  auth: CustomerAuth,
  action: SensitiveAction,
): Promise<void> {
  const row = await selectCustomerSessionConfirmation(
    trx,
    ctx.tenant.id,
    auth.customerId,
    auth.sessionId,
  );
  assertRecentlyConfirmed(row?.confirmedAt ?? null, action, nowOf(ctx));
}

export type CustomerConfirmMethod = 'password' | 'totp' | 'code';

export interface CustomerConfirmation {
  /** When this session's confirmation runs out (null: none in force). */
  confirmedUntil: Date | null;
  /** The ways this account can confirm, the strongest first. */
  methods: CustomerConfirmMethod[];
  /** Where a confirmation code goes (masked by the caller). */
  codeChannel: 'sms' | 'email';
}

export function getCustomerConfirmation(
  ctx: Pick<CustomerContext, 'db' | 'tenant' | 'now'>,
  auth: CustomerAuth,
): Promise<CustomerConfirmation> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    const session = await selectCustomerSessionConfirmation(
      trx,
      ctx.tenant.id,
      auth.customerId,
      auth.sessionId,
    );
    const methods: CustomerConfirmMethod[] = [];
    if (await customerHasTwoFactor(trx, ctx.tenant.id, row.id)) methods.push('totp');
    if (row.password_hash) methods.push('password');
    methods.push('code');
    return {
      confirmedUntil: confirmationExpiresAt(session?.confirmedAt ?? null, nowOf(ctx)),
      methods,
      codeChannel: row.phone ? 'sms' : 'email',
    };
  });
}

/**
 * Second confirmation: the customer proves it is them again with the password, an authenticator
 * code, or a fresh code sent to their own phone or email (sendAccountCode), and the session
 * records it. Wrong passwords count toward the sign-in lockout, wrong authenticator codes toward
 * the two-step lockout, wrong SMS/email codes use up the code's attempts.
 */
export async function confirmCustomerIdentity(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: ConfirmIdentityInput,
): Promise<{ confirmedUntil: Date }> {
  const data = parseInput(confirmIdentitySchema, input, SecurityErrors.INVALID_INPUT);
  const nowMs = nowOf(ctx);
  const tenantId = ctx.tenant.id;
  const secretContext = customerSecretContext(tenantId, auth.customerId);
  const contact = await withTenant(ctx.db, tenantId, async (trx) => {
    const row = await findCustomerById(trx, tenantId, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished`);
    return { value: (row.phone ?? row.email)!, passwordHash: row.password_hash };
  });
  const lockKeys = signInLockKeys(tenantId, contact.value, ctx.ip);
  if (data.method === 'password') await assertNotLockedOut(ctx.rateLimiter, lockKeys);
  if (data.method === 'totp')
    await assertTwoFactorNotLocked(ctx.rateLimiter, secretContext, ctx.ip);

  const outcome = await withTenant(ctx.db, tenantId, async (trx) => {
    let ok: boolean;
    let reason = 'wrong';
    if (data.method === 'password') {
      if (!contact.passwordHash) return { kind: 'no-password' as const };
      ok = await verifyPassword(contact.passwordHash, data.password);
    } else if (data.method === 'totp') {
      const result = await checkSecondFactor(
        customerTwoFactorStore(trx, tenantId, auth.customerId),
        twoFactorKeys(ctx.codeKey),
        secretContext,
        { code: data.code },
        nowMs,
      );
      if (!result.ok && result.reason === 'not-enabled') return { kind: 'no-totp' as const };
      ok = result.ok;
      if (!result.ok) reason = result.reason;
    } else {
      ok = await consumeVerificationCode(
        trx,
        tenantId,
        { destination: contact.value, purpose: 'verify', code: data.code },
        ctx.codeKey,
      );
    }
    if (!ok) {
      await recordCustomerEvent(trx, ctx, 'customer.confirm_failed', {
        customerId: auth.customerId,
        data: { method: data.method, reason },
      });
      return { kind: 'wrong' as const };
    }
    const at = new Date(nowMs);
    if (!(await markCustomerSessionConfirmed(trx, tenantId, auth.customerId, auth.sessionId, at))) {
      return { kind: 'no-session' as const };
    }
    await recordCustomerEvent(trx, ctx, 'customer.confirmed', {
      customerId: auth.customerId,
      target: { type: 'customer_session', id: auth.sessionId },
      data: { method: data.method },
    });
    return { kind: 'ok' as const, at };
  });

  switch (outcome.kind) {
    case 'ok':
      if (data.method === 'password')
        await ctx.rateLimiter.clearFailures(LOCKOUTS.account, lockKeys.account);
      if (data.method === 'totp')
        await ctx.rateLimiter.clearFailures(LOCKOUTS.twoFactor, secretContext);
      return { confirmedUntil: confirmationExpiresAt(outcome.at, nowMs)! };
    case 'no-password':
      throw confirmationFailed('password', '你的账号还没有设置密码，请用验证码验证');
    case 'no-totp':
      throw confirmationFailed('code', '你还没有开启两步验证，请用密码或短信验证码验证');
    case 'no-session':
      throw new DomainError(SecurityErrors.TWO_FACTOR_EXPIRED, {
        userMessage: '登录已失效，请重新登录',
        status: 401,
      });
    case 'wrong': {
      if (data.method === 'password') {
        const lockedForMs = await recordSignInFailure(ctx.rateLimiter, lockKeys);
        if (lockedForMs > 0) throw lockedOutError(lockedForMs, 'account');
        throw confirmationFailed('password', '密码不正确');
      }
      if (data.method === 'totp') {
        const lockedForMs = await recordTwoFactorFailure(ctx.rateLimiter, secretContext, ctx.ip);
        if (lockedForMs > 0) throw twoFactorLockedError(lockedForMs);
        throw confirmationFailed('code', TWO_FACTOR_INVALID_MESSAGE);
      }
      throw confirmationFailed('code', CODE_INVALID_MESSAGE);
    }
  }
}

function confirmationFailed(field: string, message: string): DomainError {
  return new DomainError(SecurityErrors.CONFIRMATION_FAILED, {
    userMessage: message,
    status: 400,
    details: { fieldErrors: { [field]: message } },
  });
}
