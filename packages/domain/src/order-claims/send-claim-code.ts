import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import type { CustomerContext } from '../customers/customer-context.js';
import { findCustomerById } from '../customers/customers.queries.js';
import type { Identifier } from '../customers/customers.schemas.js';
import { sendCustomerCode } from '../customers/deliver-code.js';
import type { CodeSent } from '../customers/send-verification-code.js';
import { ClaimErrors } from './claims.errors.js';
import { sendClaimCodeSchema, type SendClaimCodeInput } from './claims.schemas.js';

/** The account's own phone or email, or NO_CONTACT. */
export function ownContact(
  row: { phone: string | null; email: string | null },
  kind: 'phone' | 'email',
): Identifier {
  const value = kind === 'phone' ? row.phone : row.email;
  if (!value) {
    throw new DomainError(ClaimErrors.NO_CONTACT, {
      userMessage: kind === 'phone' ? '你的账号还没有绑定手机号' : '你的账号还没有绑定邮箱',
      status: 422,
      details: { fieldErrors: { kind: '没有这个联系方式' } },
    });
  }
  return { kind, value };
}

/**
 * Sends a 'verify' code to the account's own phone or email, to prove it before claiming the
 * guest orders placed with it. Rate-limited like every other code.
 */
export async function sendClaimCode(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: SendClaimCodeInput,
): Promise<CodeSent> {
  const data = parseInput(sendClaimCodeSchema, input, ClaimErrors.INVALID_INPUT);
  const to = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while sending a code`);
    return ownContact(row, data.kind);
  });
  return sendCustomerCode(ctx, auth.customerId, to, 'verify', { for: 'order_claim' });
}
