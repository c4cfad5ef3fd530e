import { withTenant } from '@cardshop/db';
import { recordCustomerEvent, type CustomerContext } from '../customers/customer-context.js';
import { deliverCode } from '../customers/deliver-code.js';
import { maskIdentifier } from '../customers/mask.js';
import type { CodeSent } from '../customers/send-verification-code.js';
import { CODE_INVALID_MESSAGE } from '../customers/sign-in-with-code.js';
import {
  CODE_TTL_MS,
  consumeVerificationCode,
  issueVerificationCode,
} from '../customers/verification-codes.js';
import { DomainError } from '../errors.js';
import { dummyPasswordHash, verifyPassword } from '../identity/passwords.js';
import { parseInput } from '../parse-input.js';
import { enforceRateLimits, RATE_LIMITS } from '../security/limits.js';
import { toOrderListItem, type OrderListItem } from './order-list.js';
import { LOOKUP_FAILED_MESSAGE, OrderViewErrors } from './order-view.errors.js';
import { ORDER_LOOKUP_LIMITS } from './order-view.limits.js';
import {
  contactHasOrders,
  selectOrderForLookup,
  selectOrdersByContact,
} from './order-view.queries.js';
import {
  lookupByContactSchema,
  lookupByPasswordSchema,
  sendLookupCodeSchema,
  type LookupByContactInput,
  type LookupByPasswordInput,
  type SendLookupCodeInput,
} from './order-view.schemas.js';

/** The order-access cookie holds at most this many orders, so a lookup lists at most these. */
export const LOOKUP_MAX_ORDERS = 30;

/**
 * 查单 with the order number and the 查单密码 set at checkout. An unknown number, a wrong password
 * and an order placed from an account all get the same answer after the same work (no probing of
 * order numbers). Limited per address and per order number.
 */
export async function lookupOrderByPassword(
  ctx: CustomerContext,
  input: LookupByPasswordInput,
): Promise<{ orderId: string; number: string }> {
  const data = parseInput(lookupByPasswordSchema, input, OrderViewErrors.INVALID_INPUT);
  await enforceRateLimits(
    ctx.rateLimiter,
    [
      { rule: RATE_LIMITS.orderLookupPerIp, key: ctx.ip },
      {
        rule: ORDER_LOOKUP_LIMITS.perOrderNumber,
        key: `${ctx.tenant.id}:${data.orderNumber}`,
      },
    ],
    '查询订单',
  );
  const order = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    selectOrderForLookup(trx, ctx.tenant.id, data.orderNumber),
  );
  const hash = order?.lookupPasswordHash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(hash, data.password)) && !!order?.lookupPasswordHash;
  await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    recordCustomerEvent(trx, ctx, ok ? 'order.lookup' : 'order.lookup_failed', {
      ...(ok && order ? { target: { type: 'order', id: order.id } } : {}),
      data: { method: 'password', number: data.orderNumber },
    }),
  );
  if (!ok || !order) {
    throw new DomainError(OrderViewErrors.LOOKUP_FAILED, {
      userMessage: LOOKUP_FAILED_MESSAGE,
      status: 400,
      details: { fieldErrors: { password: LOOKUP_FAILED_MESSAGE } },
    });
  }
  return { orderId: order.id, number: order.number };
}

/**
 * 查单 by phone or email, step 1: a one-time code to the contact, sent only when it has orders in
 * this shop; the answer is the same either way. Limited like every code (per destination across
 * shops, per address).
 */
export async function sendOrderLookupCode(
  ctx: CustomerContext,
  input: SendLookupCodeInput,
): Promise<CodeSent> {
  const data = parseInput(sendLookupCodeSchema, input, OrderViewErrors.INVALID_INPUT);
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
    const send = await contactHasOrders(trx, ctx.tenant.id, data.identifier);
    const code = send
      ? await issueVerificationCode(
          trx,
          ctx.tenant.id,
          { channel, destination, purpose: 'order_lookup' },
          ctx.codeKey,
        )
      : null;
    await recordCustomerEvent(
      trx,
      ctx,
      send ? 'order.lookup_code_sent' : 'order.lookup_code_withheld',
      { data: { channel, to: maskIdentifier(data.identifier) } },
    );
    return code;
  });
  // Sent after the commit: a slow provider must not hold a transaction open.
  if (issued) await deliverCode(ctx, data.identifier, 'order_lookup', issued.code);
  return {
    channel,
    sentTo: maskIdentifier(data.identifier),
    expiresInMs: CODE_TTL_MS,
    resendAfterSeconds: RATE_LIMITS.codePerDestinationMinute.windowMs / 1000,
  };
}

/**
 * 查单 by phone or email, step 2: the code proves the contact is theirs; the answer is the
 * contact's orders in this shop (placed with it, or from the account that has it), newest first,
 * which the caller grants this browser access to.
 */
export async function lookupOrdersByContact(
  ctx: CustomerContext,
  input: LookupByContactInput,
): Promise<{ sentTo: string; orders: OrderListItem[] }> {
  const data = parseInput(lookupByContactSchema, input, OrderViewErrors.INVALID_INPUT);
  await enforceRateLimits(
    ctx.rateLimiter,
    [
      { rule: RATE_LIMITS.orderLookupPerIp, key: ctx.ip },
      {
        rule: ORDER_LOOKUP_LIMITS.perContact,
        key: `${ctx.tenant.id}:${data.identifier.value}`,
      },
    ],
    '查询订单',
  );
  const orders = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const ok = await consumeVerificationCode(
      trx,
      ctx.tenant.id,
      { destination: data.identifier.value, purpose: 'order_lookup', code: data.code },
      ctx.codeKey,
    );
    const rows = ok
      ? await selectOrdersByContact(trx, ctx.tenant.id, data.identifier, LOOKUP_MAX_ORDERS)
      : null;
    await recordCustomerEvent(trx, ctx, ok ? 'order.lookup' : 'order.lookup_failed', {
      data: {
        method: data.identifier.kind,
        to: maskIdentifier(data.identifier),
        ...(rows ? { orders: rows.length } : {}),
      },
    });
    return rows;
  });
  // Outside the transaction: a wrong code's attempt must be committed.
  if (!orders) {
    throw new DomainError(OrderViewErrors.CODE_INVALID, {
      userMessage: CODE_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: CODE_INVALID_MESSAGE } },
    });
  }
  return {
    sentTo: maskIdentifier(data.identifier),
    orders: orders.map((r) => toOrderListItem(r)),
  };
}
