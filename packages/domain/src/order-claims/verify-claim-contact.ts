import { withTenant } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { parseInput } from '../parse-input.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import type { CustomerAuth } from '../customers/customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import { recordContactProof } from '../customers/contact-proofs.js';
import { CustomerErrors } from '../customers/customers.errors.js';
import { findCustomerById } from '../customers/customers.queries.js';
import { maskIdentifier } from '../customers/mask.js';
import { CODE_INVALID_MESSAGE } from '../customers/sign-in-with-code.js';
import { consumeVerificationCode } from '../customers/verification-codes.js';
import { ClaimErrors } from './claims.errors.js';
import { verifyClaimContactSchema, type VerifyClaimContactInput } from './claims.schemas.js';
import { ownContact } from './send-claim-code.js';

/**
 * Checks the code sent to the account's phone or email; a match proves the contact for this
 * session, so the guest orders placed with it are listed and can be claimed.
 */
export async function verifyClaimContact(
  ctx: CustomerContext,
  auth: CustomerAuth,
  input: VerifyClaimContactInput,
): Promise<void> {
  const data = parseInput(verifyClaimContactSchema, input, ClaimErrors.INVALID_INPUT);
  await enforceRateLimits(
    ctx.rateLimiter,
    [{ rule: RATE_LIMITS.signInPerIp, key: ctx.ip }],
    '验证',
  );
  const ok = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while verifying`);
    const contact = ownContact(row, data.kind);
    const matched = await consumeVerificationCode(
      trx,
      ctx.tenant.id,
      { destination: contact.value, purpose: 'verify', code: data.code },
      ctx.codeKey,
    );
    if (!matched) return false;
    await recordContactProof(trx, ctx.tenant.id, {
      sessionId: auth.sessionId,
      customerId: auth.customerId,
      identifier: contact,
    });
    await recordCustomerEvent(trx, ctx, 'customer.contact_verified', {
      customerId: auth.customerId,
      data: { kind: contact.kind, to: maskIdentifier(contact), for: 'order_claim' },
    });
    return true;
  });
  if (!ok) {
    throw new DomainError(CustomerErrors.CODE_INVALID, {
      userMessage: CODE_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
    });
  }
}
