import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { hashPassword } from '../identity/passwords.js';
import { LOCKOUTS, signInLockKeys } from '../security/limits.js';
import type { CustomerAuth } from './customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { recordCustomerNotice, sendCustomerNotice } from './customer-notices.js';
import { requireCustomerRecentConfirmation } from './confirm-customer.js';
import { CustomerErrors } from './customers.errors.js';
import {
  deleteOtherCustomerSessions,
  findCustomerById,
  setCustomerPasswordHash,
} from './customers.queries.js';
import { changePasswordSchema, type ChangePasswordInput } from './customers.schemas.js';

/**
 * Changes (or, for an account opened with a code, sets) the password: a sensitive operation, so
 * the session must have confirmed the person's identity within the last 5 minutes
 * (confirmCustomerIdentity: password, authenticator, or a code to their own phone or email).
 * Every other session of the account is signed out; the holder gets a notice.
 */
export async function changeCustomerPassword(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: ChangePasswordInput,
): Promise<{ revokedSessions: number }> {
  const data = parseInput(changePasswordSchema, input, CustomerErrors.INVALID_INPUT);
  const newHash = await hashPassword(data.newPassword);
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await requireCustomerRecentConfirmation(trx, ctx, auth, 'change_password');
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while changing password`);
    await setCustomerPasswordHash(trx, ctx.tenant.id, row.id, newHash);
    const revokedSessions = await deleteOtherCustomerSessions(
      trx,
      ctx.tenant.id,
      row.id,
      auth.sessionId,
    );
    await recordCustomerEvent(trx, ctx, 'customer.password_changed', {
      customerId: row.id,
      data: { revokedSessions, firstPassword: !row.password_hash },
    });
    const notice = await recordCustomerNotice(
      trx,
      ctx,
      row.id,
      'password_changed',
      revokedSessions > 0 ? `其他 ${revokedSessions} 台设备已退出登录。` : undefined,
    );
    return { revokedSessions, notice, row };
  });
  // The person proved who they are and chose a new password: an old lockout no longer applies.
  const contact = (outcome.row.phone ?? outcome.row.email)!;
  await ctx.rateLimiter.clearFailures(
    LOCKOUTS.account,
    signInLockKeys(ctx.tenant.id, contact, ctx.ip).account,
  );
  await sendCustomerNotice(
    ctx,
    { email: outcome.row.email, phone: outcome.row.phone },
    outcome.notice,
  );
  return { revokedSessions: outcome.revokedSessions };
}
