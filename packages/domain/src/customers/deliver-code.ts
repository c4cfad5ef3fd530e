import { withTenant, type VerificationPurpose } from '@cardshop/db';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import { recordCustomerEvent, type CustomerContext } from './customer-context.js';
import type { Identifier } from './customers.schemas.js';
import { maskIdentifier } from './mask.js';
import type { CodeSent } from './send-verification-code.js';
import { CODE_TTL_MS, issueVerificationCode } from './verification-codes.js';

const PURPOSE_TEXT: Record<VerificationPurpose, string> = {
  sign_in: '登录或注册',
  register: '注册',
  reset_password: '重置密码',
  verify: '验证身份',
  order_lookup: '查询订单',
  change_contact: '绑定新的手机号或邮箱',
};

/** Sends a one-time code by SMS or email, worded for what it unlocks. */
export async function deliverCode(
  ctx: Pick<CustomerContext, 'sms' | 'email' | 'tenant'>,
  to: Identifier,
  purpose: VerificationPurpose,
  code: string,
): Promise<void> {
  const minutes = CODE_TTL_MS / 60_000;
  const text = `【${ctx.tenant.name}】你的验证码是 ${code}，用于${PURPOSE_TEXT[purpose]}，${minutes} 分钟内有效。请勿告诉任何人，客服不会向你索要验证码。`;
  if (to.kind === 'phone') {
    await ctx.sms.send(to.value, text, { code });
    return;
  }
  await ctx.email.send({
    to: to.value,
    subject: `【${ctx.tenant.name}】${PURPOSE_TEXT[purpose]}验证码`,
    text: `${text}\n\n如果这不是你本人的操作，请忽略这封邮件，你的账号不会有任何变化。`,
  });
}

/**
 * Sends a one-time code for `purpose` to `to` on behalf of a signed-in customer: rate-limited
 * per destination and per address, issued and recorded in one transaction, sent after its commit
 * (a slow provider must not hold a transaction open). `eventData` adds to the recorded event.
 */
export async function sendCustomerCode(
  ctx: CustomerContext,
  customerId: string,
  to: Identifier,
  purpose: VerificationPurpose,
  eventData: Record<string, unknown> = {},
): Promise<CodeSent> {
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
      { channel, destination: to.value, purpose },
      ctx.codeKey,
    );
    await recordCustomerEvent(trx, ctx, 'customer.code_sent', {
      customerId,
      data: { channel, purpose, to: maskIdentifier(to), ...eventData },
    });
    return result;
  });
  await deliverCode(ctx, to, purpose, issued.code);
  return {
    channel,
    sentTo: maskIdentifier(to),
    expiresInMs: CODE_TTL_MS,
    resendAfterSeconds: RATE_LIMITS.codePerDestinationMinute.windowMs / 1000,
  };
}
