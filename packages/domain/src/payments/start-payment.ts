import type { TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { selectOrder, selectOrderLines } from '../orders/orders.queries.js';
import { PaymentErrors } from './payments.errors.js';
import { findPendingPayment, insertPayment } from './payments.queries.js';
import type { PaymentProviders } from './provider.js';
import { encodePaymentReference } from './reference.js';

export interface StartedPayment {
  paymentId: string;
  /** The merchant reference the gateway gets and sends back. */
  reference: string;
  amountFen: number;
  currency: string;
  provider: string;
  providerName: string;
  /** Where to send the buyer. */
  payUrl: string;
}

/**
 * Starts paying an unpaid order with a provider: one pending payment per order and provider
 * (asking again returns the same one), for the order's total. Refused once the order is paid,
 * cancelled or expired.
 */
export async function startPayment(
  trx: TenantTx,
  providers: PaymentProviders,
  input: { tenantId: string; orderId: string; provider: string },
): Promise<StartedPayment> {
  const provider = providers.get(input.provider);
  if (!provider) {
    throw new DomainError(PaymentErrors.UNKNOWN_PROVIDER, {
      userMessage: '不支持这种支付方式，请选择其他方式',
      status: 422,
    });
  }
  const orderId = parseId(input.orderId, PaymentErrors.ORDER_NOT_FOUND, '找不到这个订单');
  const order = await selectOrder(trx, input.tenantId, orderId);
  if (!order) {
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
  const existing = await findPendingPayment(trx, input.tenantId, orderId, provider.id);
  const paymentId =
    existing?.id ??
    (await insertPayment(trx, {
      tenantId: input.tenantId,
      orderId,
      provider: provider.id,
      amountFen: order.totalFen,
      currency: order.currency,
    }));
  const reference = encodePaymentReference(input.tenantId, paymentId);
  const lines = await selectOrderLines(trx, input.tenantId, orderId);
  const subject =
    lines.length === 1 ? `${lines[0]!.productName} ${lines[0]!.skuName}` : `订单 ${order.number}`;
  return {
    paymentId,
    reference,
    amountFen: order.totalFen,
    currency: order.currency,
    provider: provider.id,
    providerName: provider.displayName,
    payUrl: provider.checkoutUrl({
      reference,
      amountFen: order.totalFen,
      currency: order.currency,
      subject,
    }),
  };
}
