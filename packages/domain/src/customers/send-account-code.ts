import { withTenant } from '@cardshop/db';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import type { CustomerAuth } from './customer-auth.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { findCustomerById } from './customers.queries.js';
import type { Identifier } from './customers.schemas.js';
import { deliverCode } from './deliver-code.js';
import { maskIdentifier } from './mask.js';
import type { CodeSent } from './send-verification-code.js';
import { CODE_TTL_MS, issueVerificationCode } from './verification-codes.js';

/**
 * Sends a 'verify' code to the signed-in customer's own phone (else email), to prove it is
 * really them before a change such as setting a first password.
 */
export async function sendAccountCode(ctx: CustomerContext, auth: CustomerAuth): Promise<CodeSent> {
  const to = await withTenant(ctx.db, ctx.tenant.id, async (trx): Promise<Identifier> => {
    const row = await findCustomerById(trx, ctx.tenant.id, auth.customerId);
    if (!row) throw new Error(`customer ${auth.customerId} vanished while sending a code`);
    return row.phone ? { kind: 'phone', value: row.phone } : { kind: 'email', value: row.email! };
  });
  await enforceRateLimits(
    ctx.rateLimiter,
    [
      { rule: RATE_LIMITS.codePerDestinationMinute, key: to.value },
      { rule: RATE_LIMITS.codePerDestinationHour, key: to.value },
      { rule: RATE_LIMITS.codePerIpHour, key: ctx.ip },
    ],
    '获取验证码',
  );
  const channel = to.kind === 'phone' ? 'sms' : 'email';
  const issued = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const result = await issueVerificationCode(
      trx,
      ctx.tenant.id,
      { channel, destination: to.value, purpose: 'verify' },
      ctx.codeKey,
    );
    await recordCustomerEvent(trx, ctx, 'customer.code_sent', {
      customerId: auth.customerId,
      data: { channel, purpose: 'verify', to: maskIdentifier(to) },
    });
    return result;
  });
  await deliverCode(ctx, to, 'verify', issued.code);
  return {
    channel,
    sentTo: maskIdentifier(to),
    expiresInMs: CODE_TTL_MS,
    resendAfterSeconds: RATE_LIMITS.codePerDestinationMinute.windowMs / 1000,
  };
}
