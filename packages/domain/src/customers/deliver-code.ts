import type { VerificationPurpose } from '@cardshop/db';
import type { CustomerContext } from './customer-context.js';
import type { Identifier } from './customers.schemas.js';
import { CODE_TTL_MS } from './verification-codes.js';

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
