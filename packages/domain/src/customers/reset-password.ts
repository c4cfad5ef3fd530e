import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { hashPassword } from '../identity/passwords.js';
import { enforceRateLimits, LOCKOUTS, RATE_LIMITS, signInLockKeys } from '../security/limits.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { CustomerErrors } from './customers.errors.js';
import {
  deleteOtherCustomerSessions,
  findCustomerByContact,
  setCustomerPasswordHash,
} from './customers.queries.js';
import { resetPasswordSchema, type ResetPasswordInput } from './customers.schemas.js';
import { CODE_INVALID_MESSAGE } from './sign-in-with-code.js';
import { consumeVerificationCode } from './verification-codes.js';

/**
 * Sets a new password with a reset code sent to the account's phone or email, signs out every
 * session of the account, and lifts a sign-in lockout (the person proved they own it).
 */
export async function resetPasswordWithCode(
  ctx: CustomerContext,
  input: ResetPasswordInput,
): Promise<{ revokedSessions: number }> {
  const data = parseInput(resetPasswordSchema, input, CustomerErrors.INVALID_INPUT);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.passwordResetPerIp, key: ctx.ip }],
    '重置密码',
  );
  const passwordHash = await hashPassword(data.password);
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const ok = await consumeVerificationCode(
      trx,
      ctx.tenant.id,
      { destination: data.identifier.value, purpose: 'reset_password', code: data.code },
      ctx.codeKey,
    );
    const row = ok ? await findCustomerByContact(trx, ctx.tenant.id, data.identifier) : undefined;
    if (!row || row.status !== 'active') return null;
    await setCustomerPasswordHash(trx, ctx.tenant.id, row.id, passwordHash);
    const revokedSessions = await deleteOtherCustomerSessions(trx, ctx.tenant.id, row.id, null);
    await recordCustomerEvent(trx, ctx, 'customer.password_reset', {
      customerId: row.id,
      data: { revokedSessions },
    });
    return { revokedSessions };
  });
  if (!outcome) {
    throw new DomainError(CustomerErrors.CODE_INVALID, {
      userMessage: CODE_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
    });
  }
  await ctx.rateLimiter.clearFailures(
    LOCKOUTS.account,
    signInLockKeys(ctx.tenant.id, data.identifier.value, ctx.ip).account,
  );
  return outcome;
}
