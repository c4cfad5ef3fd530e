import { withTenant } from '@cardshop/db';
import { parseInput } from '../parse-input.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import { CustomerErrors } from './customers.errors.js';
import { findCustomerByContact } from './customers.queries.js';
import { sendCodeSchema, type SendCodeInput } from './customers.schemas.js';
import { deliverCode } from './deliver-code.js';
import { maskIdentifier } from './mask.js';
import { CODE_TTL_MS, issueVerificationCode } from './verification-codes.js';

export interface CodeSent {
  channel: 'sms' | 'email';
  /** The destination, masked, e.g. 138****5678. */
  sentTo: string;
  expiresInMs: number;
  /** Seconds before another code may be requested for this destination. */
  resendAfterSeconds: number;
}

/**
 * Sends a 6-digit code for signing in (a new number is registered when the code is used),
 * registering, or resetting a password. The answer is the same whether or not an account exists;
 * a reset code is only actually sent to an existing account. Rate-limited per destination (across
 * shops, against SMS bombing) and per address.
 */
export async function sendVerificationCode(
  ctx: CustomerContext,
  input: SendCodeInput,
): Promise<CodeSent> {
  const data = parseInput(sendCodeSchema, input, CustomerErrors.INVALID_INPUT);
  const destination = data.identifier.value;
  await enforceRateLimits(
    ctx.rateLimiter,
    [
      { rule: RATE_LIMITS.codePerDestinationMinute, key: destination },
      { rule: RATE_LIMITS.codePerDestinationHour, key: destination },
      { rule: RATE_LIMITS.codePerIpMinute, key: ctx.ip },
      { rule: RATE_LIMITS.codePerIpHour, key: ctx.ip },
    ],
    '获取验证码',
  );
  const channel = data.identifier.kind === 'phone' ? 'sms' : 'email';
  const issued = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const customer = await findCustomerByContact(trx, ctx.tenant.id, data.identifier);
    const send = data.purpose !== 'reset_password' || customer?.status === 'active';
    const code = send
      ? await issueVerificationCode(
          trx,
          ctx.tenant.id,
          { channel, destination, purpose: data.purpose },
          ctx.codeKey,
        )
      : null;
    await recordCustomerEvent(trx, ctx, send ? 'customer.code_sent' : 'customer.code_withheld', {
      customerId: customer?.id ?? null,
      data: { channel, purpose: data.purpose, to: maskIdentifier(data.identifier) },
    });
    return code;
  });
  // Sent after the commit: a slow provider must not hold a transaction open.
  if (issued) await deliverCode(ctx, data.identifier, data.purpose, issued.code);
  return {
    channel,
    sentTo: maskIdentifier(data.identifier),
    expiresInMs: CODE_TTL_MS,
    resendAfterSeconds: RATE_LIMITS.codePerDestinationMinute.windowMs / 1000,
  };
}
