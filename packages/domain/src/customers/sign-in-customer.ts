import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { dummyPasswordHash, verifyPassword } from '../identity/passwords.js';
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
import { customerHasTwoFactor } from './customer-security.queries.js';
import { createCustomerSession, type IssuedCustomerSession } from './customer-sessions.js';
import { customerSignInChallenge, type TwoFactorChallenge } from './customer-two-factor.js';
import { CustomerErrors } from './customers.errors.js';
import {
  findCustomerByContact,
  markCustomerSignedIn,
  toCustomer,
  type Customer,
} from './customers.queries.js';
import { signInWithPasswordSchema, type SignInWithPasswordInput } from './customers.schemas.js';
import { maskIdentifier } from './mask.js';

export const INVALID_CREDENTIALS_MESSAGE = '账号或密码不正确';

/**
 * A finished sign-in (a session), or, for an account with two-step verification, the second step
 * still due (no session until completeCustomerSignIn).
 */
export type CustomerSignInResult =
  | { customer: Customer; session: IssuedCustomerSession; twoFactor?: undefined }
  | { customer?: undefined; session?: undefined; twoFactor: TwoFactorChallenge };

/**
 * Signs in with a phone number or email and a password. Unknown account, wrong password, an
 * account without a password and a disabled account all get the same answer in the same time;
 * repeated failures lock the account (in this shop) and the address for a while.
 */
export async function signInCustomer(
  ctx: CustomerContext,
  input: SignInWithPasswordInput,
): Promise<CustomerSignInResult> {
  const data = parseInput(signInWithPasswordSchema, input, CustomerErrors.INVALID_INPUT);
  const keys = signInLockKeys(ctx.tenant.id, data.identifier.value, ctx.ip);
  await assertNotLockedOut(ctx.rateLimiter, keys);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '登录',
  );

  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerByContact(trx, ctx.tenant.id, data.identifier);
    const ok = await verifyPassword(
      row?.password_hash ?? (await dummyPasswordHash()),
      data.password,
    );
    if (!row || !row.password_hash || !ok || row.status !== 'active') {
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_failed', {
        customerId: row?.id ?? null,
        data: { method: 'password', account: maskIdentifier(data.identifier) },
      });
      return null;
    }
    if (await customerHasTwoFactor(trx, ctx.tenant.id, row.id)) {
      await recordCustomerEvent(trx, ctx, 'customer.sign_in_second_step', {
        customerId: row.id,
        data: { method: 'password' },
      });
      return {
        twoFactor: customerSignInChallenge(ctx, row.id, {
          remember: data.remember,
          method: 'password',
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
    await recordCustomerEvent(trx, ctx, 'customer.sign_in', {
      customerId: row.id,
      target: { type: 'customer_session', id: session.id },
      data: { method: 'password', remember: data.remember },
    });
    return { customer: toCustomer(row), session };
  });

  if (!outcome) {
    const lockedForMs = await recordSignInFailure(ctx.rateLimiter, keys);
    if (lockedForMs > 0) {
      await withTenant(ctx.db, ctx.tenant.id, async (trx) =>
        recordCustomerEvent(trx, ctx, 'customer.locked_out', {
          // The account's holder sees the lock in their security centre.
          customerId:
            (await findCustomerByContact(trx, ctx.tenant.id, data.identifier))?.id ?? null,
          data: { account: maskIdentifier(data.identifier), lockedForMs },
        }),
      );
      throw lockedOutError(lockedForMs, 'account');
    }
    throw new DomainError(CustomerErrors.INVALID_CREDENTIALS, {
      userMessage: INVALID_CREDENTIALS_MESSAGE,
      status: 401,
    });
  }
  await ctx.rateLimiter.clearFailures(LOCKOUTS.account, keys.account);
  return outcome;
}
