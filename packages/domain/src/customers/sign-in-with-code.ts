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
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { createCustomerSession, type IssuedCustomerSession } from './customer-sessions.js';
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
): Promise<{ customer: Customer; session: IssuedCustomerSession; created: boolean }> {
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
    const session = await createCustomerSession(trx, ctx.tenant.id, {
      customerId: row.id,
      remember: data.remember,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await markCustomerSignedIn(trx, ctx.tenant.id, row.id);
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: 'code', remember: data.remember },
    });
    return { kind: 'ok' as const, customer: toCustomer(row), session, created };
  });

  if (outcome.kind === 'bad-code') {
    const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
    if (lockedForMs > 0) throw lockedOutError(lockedForMs, 'account');
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
  const { customer, session, created } = outcome;
  return { customer, session, created };
}
