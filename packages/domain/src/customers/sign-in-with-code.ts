import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import {
  assertNotLockedOut,
  enforceRateLimits,
  LOCKOUTS,
  lockedOutError,
  RATE_LIMITS,
  recordSignInFailure,
  signInLockKeys,
} from '../security/limits.js';
import { recordContactProof } from './contact-proofs.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { customerHasTwoFactor } from './customer-security.queries.js';
import { createCustomerSession, type IssuedCustomerSession } from './customer-sessions.js';
import { customerSignInChallenge, type TwoFactorChallenge } from './customer-two-factor.js';
import { CustomerErrors } from './customers.errors.js';
import {
  findCustomerByContact,
  insertCustomer,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from './customers.queries.js';
import { signInWithCodeSchema, type SignInWithCodeInput } from './customers.schemas.js';
import { maskIdentifier } from './mask.js';
import { defaultDisplayName } from './register-customer.js';
import { consumeVerificationCode } from './verification-codes.js';

export const CODE_INVALID_MESSAGE = '验证码不正确或已失效，请重新获取';

/**
 * Signs in with a one-time code sent to the phone or email; no password needed. A number or
 * address without an account in this shop gets one (the code proved it belongs to this person).
 */
export async function signInWithCode(
  ctx: CustomerContext,
  input: SignInWithCodeInput,
): Promise<
  | { customer: Customer; session: IssuedCustomerSession; created: boolean; twoFactor?: undefined }
  | { customer?: undefined; session?: undefined; created: false; twoFactor: TwoFactorChallenge }
> {
  const data = parseInput(signInWithCodeSchema, input, CustomerErrors.INVALID_INPUT);
  const keys = signInLockKeys(ctx.tenant.id, data.identifier.value, ctx.ip);
  await assertNotLockedOut(ctx.rateLimiter, keys);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );

  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const ok = await consumeVerificationCode(
      trx,
      ctx.tenant.id,
      { destination: data.identifier.value, purpose: data.purpose, code: data.code },
      ctx.codeKey,
    );
    if (!ok) {
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_failed', {
        customerId: (await findCustomerByContact(trx, ctx.tenant.id, data.identifier))?.id ?? null,
        data: { method: 'code', account: maskIdentifier(data.identifier) },
      });
      return { kind: 'bad-code' as const };
    }
    let row = await findCustomerByContact(trx, ctx.tenant.id, data.identifier);
    let created = false;
    if (!row) {
      row = await insertCustomer(trx, {
        tenantId: ctx.tenant.id,
        identifier: data.identifier,
        passwordHash: null,
        displayName: defaultDisplayName(data.identifier),
      });
      // A racing request created it first: use that one.
      row ??= await findCustomerByContact(trx, ctx.tenant.id, data.identifier);
      if (!row) throw new Error('customer vanished while signing in with a code');
      created = true;
      await recordCustomerEvent(trx, ctx, 'customer.registered', {
        customerId: row.id,
        data: { method: 'code', via: data.identifier.kind },
      });
    }
    if (row.status !== 'active') return { kind: 'disabled' as const };
    if (!created && (await customerHasTwoFactor(trx, ctx.tenant.id, row.id))) {
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_second_step', {
        customerId: row.id,
        data: { method: 'code' },
      });
      return {
        kind: 'two-factor' as const,
        twoFactor: customerSignInChallenge(ctx, row.id, {
          remember: data.remember,
          method: 'code',
        }),
      };
    }
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId: row.id,
      remember: data.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, row.id);
    // The code proved this phone or email for this session (guest orders can be claimed).
    await recordContactProof(trx, ctx.tenant.id, {
      sessionId: session.id,
      customerId: row.id,
      identifier: data.identifier,
    });
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: 'code', remember: data.remember },
    });
    return { kind: 'ok' as const, customer: toCustomer(row), session, created };
  });

  if (outcome.kind === 'bad-code') {
    const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
    if (lockedForMs > 0) {
      await withTenant(ctx.db, ctx.tenant.id, async (trx) =>
        recordCustomerEvent(trx, ctx, 'customer.locked_out', {
          customerId:
            (await findCustomerByContact(trx, ctx.tenant.id, data.identifier))?.id ?? null,
          data: { method: 'code', account: maskIdentifier(data.identifier), lockedForMs },
        }),
      );
      throw lockedOutError(lockedForMs, 'account');
    }
    throw new DomainError(CustomerErrors.CODE_INVALID, {
      userMessage: CODE_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
    });
  }
  if (outcome.kind === 'disabled') {
    throw new DomainError(CustomerErrors.ACCOUNT_DISABLED, {
      userMessage: '这个账号已被店铺停用，如有疑问请联系店铺客服',
      status: 403,
    });
  }
  await ctx.rateLimiter.clearFailures(LOCKOUTS.account, keys.account);
  if (outcome.kind === 'two-factor') return { created: false, twoFactor: outcome.twoFactor };
  const { customer, session, created } = outcome;
  return { customer, session, created };
}
