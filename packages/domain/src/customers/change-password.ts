import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { hashPassword, verifyPassword } from '../identity/passwords.js';
import {
  assertNotLockedOut,
  lockedOutError,
  recordSignInFailure,
  signInLockKeys,
} from '../security/limits.js';
import type { CustomerAuth } from './customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { CustomerErrors } from './customers.errors.js';
import {
  deleteOtherCustomerSessions,
  findCustomerById,
  setCustomerPasswordHash,
} from './customers.queries.js';
import { changePasswordSchema, type ChangePasswordInput } from './customers.schemas.js';
import { CODE_INVALID_MESSAGE } from './sign-in-with-code.js';
import { consumeVerificationCode } from './verification-codes.js';

/**
 * Changes (or, for an account opened with a code, sets) the password. Proof is the current
 * password, or for an account without one a fresh 'verify' code sent to its own contact. Every
 * other session of the account is signed out; wrong passwords count toward the sign-in lockout.
 */
export async function changeCustomerPassword(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: ChangePasswordInput,
): Promise<{ revokedSessions: number }> {
  const data = parseInput(changePasswordSchema, input, CustomerErrors.INVALID_INPUT);
  const newHash = await hashPassword(data.newPassword);
  let lockKeys: { account: string; ip: string | null } | undefined;
  const outcome = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while changing password`);
    const contact = (row.phone ?? row.email)!;
    lockKeys = signInLockKeys(ctx.tenant.id, contact, ctx.ip);
    if (row.password_hash) {
      await assertNotLockedOut(ctx.rateLimiter, lockKeys);
      if (!data.currentPassword) return { kind: 'missing-password' as const };
      if (!(await verifyPassword(row.password_hash, data.currentPassword))) {
        await recordCustomerEvent(trx, ctx, 'customer.password_change_failed', {
          customerId: row.id,
        });
        return { kind: 'wrong-password' as const };
      }
    } else {
      if (!data.code) return { kind: 'missing-code' as const };
      const ok = await consumeVerificationCode(
        trx,
        ctx.tenant.id,
        { destination: contact, purpose: 'verify', code: data.code },
        ctx.codeKey,
      );
      if (!ok) return { kind: 'bad-code' as const };
    }
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
    return { kind: 'ok' as const, revokedSessions };
  });

  switch (outcome.kind) {
    case 'ok':
      return { revokedSessions: outcome.revokedSessions };
    case 'missing-password':
      throw new DomainError(CustomerErrors.INVALID_INPUT, {
        userMessage: '请输入当前密码',
        status: 422,
        details: { fieldErrors: { currentPassword: '请输入当前密码' } },
      });
    case 'wrong-password': {
      const lockedForMs = await recordSignInFailure(ctx.rateLimiter, lockKeys!);
      if (lockedForMs > 0) throw lockedOutError(lockedForMs, 'account');
      throw new DomainError(CustomerErrors.WRONG_PASSWORD, {
        userMessage: '当前密码不正确',
        status: 400,
        details: { fieldErrors: { currentPassword: '当前密码不正确' } },
      });
    }
    case 'missing-code':
      throw new DomainError(CustomerErrors.INVALID_INPUT, {
        userMessage: '请先获取并输入验证码',
        status: 422,
        details: { fieldErrors: { code: '请先获取并输入验证码' } },
      });
    case 'bad-code':
      throw new DomainError(CustomerErrors.CODE_INVALID, {
        userMessage: CODE_INVALID_MESSAGE,
        status: 400,
        details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
      });
  }
}
