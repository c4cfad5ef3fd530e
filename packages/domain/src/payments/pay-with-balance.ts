import { sql, type TenantTx } from '@cardshop/db';
import { formatYuan } from '../catalog/money.js';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { accountId, type AccountRef } from '../ledger/accounts.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { selectOrder, selectOrderLines } from '../orders/orders.queries.js';
import { acceptPayment } from './accept-payment.js';
import { PaymentErrors } from './payments.errors.js';
import { insertPayment, markPaymentSucceeded, selectPayment } from './payments.queries.js';
import { readPlatformFeeBps } from '../settings/platform-settings.queries.js';

export const BALANCE_PROVIDER_ID = 'balance';

/**
 * A signed-in buyer pays an unpaid order of theirs from their balance (余额): at once, in one
 * transaction: the balance is locked and checked, a succeeded payment is recorded, and the order
 * is accepted as with a gateway, the sale's money coming from the balance. Two payments from one
 * balance at once take turns, so it never goes below zero. Call runtime.kickOutbox() afterwards.
 */
export async function payWithBalance(
  trx: TenantTx,
  input: { tenantId: string; orderId: string; customerId: string },
  options: { platformFeeBps?: number } = {},
): Promise<{ paymentId: string; balanceFen: number }> {
  const { tenantId, customerId } = input;
  const orderId = parseId(input.orderId, PaymentErrors.ORDER_NOT_FOUND, '找不到这个订单');
  const order = await selectOrder(trx, tenantId, orderId, { lock: true });
  if (!order || order.customerId !== customerId) {
    throw new DomainError(PaymentErrors.ORDER_NOT_FOUND, {
      userMessage: '找不到这个订单',
      status: 404,
    });
  }
  if (order.status !== 'pending_payment' || order.expiresAt.getTime() <= Date.now()) {
    throw new DomainError(PaymentErrors.ORDER_NOT_PAYABLE, {
      userMessage:
        order.status === 'pending_payment' || order.status === 'expired'
          ? '订单已超时关闭，请重新下单'
          : order.status === 'cancelled'
            ? '订单已取消，请重新下单'
            : '订单已支付，无需重复支付',
      status: 409,
    });
  }
  const account: AccountRef = { kind: 'customer_balance', tenantId, customerId };
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ledger:${accountId(account)}`}, 0))`.execute(
    trx,
  );
  const balance = await owedOn(trx, account);
  if (balance < order.totalFen) {
    throw new DomainError(PaymentErrors.INSUFFICIENT_BALANCE, {
      userMessage: `余额不足：当前余额 ${formatYuan(balance)} 元，订单需支付 ${formatYuan(order.totalFen)} 元`,
      status: 409,
      details: { balanceFen: balance, totalFen: order.totalFen },
    });
  }
  const paymentId = await insertPayment(trx, {
    tenantId,
    orderId,
    provider: BALANCE_PROVIDER_ID,
    amountFen: order.totalFen,
    currency: order.currency,
  });
  await markPaymentSucceeded(trx, tenantId, paymentId, `bal_${paymentId.replace(/-/g, '')}`);
  const payment = (await selectPayment(trx, tenantId, paymentId))!;
  await acceptPayment(trx, {
    tenantId,
    order,
    lines: await selectOrderLines(trx, tenantId, orderId),
    payment,
    from: ['pending_payment'],
    feeBps: options.platformFeeBps ?? (await readPlatformFeeBps(trx)),
    source: account,
  });
  return { paymentId, balanceFen: balance - order.totalFen };
}
