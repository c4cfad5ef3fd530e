import type { TenantTx } from '@cardshop/db';
import { cancelOrder } from '../orders/cancel-order.js';
import type { PaymentProviders } from '../payments/provider.js';
import { startPayment, type StartedPayment } from '../payments/start-payment.js';
import { requireVisibleOrder, type OrderViewer } from './order-access.js';

/**
 * 去支付 from the order page: the viewer must be able to open the order; then as startPayment
 * (one pending payment per order and provider, refused once the order is paid or closed).
 */
export async function payOrderFromPage(
  trx: TenantTx,
  providers: PaymentProviders,
  input: { tenantId: string; orderId: string; viewer: OrderViewer; provider: string },
): Promise<StartedPayment> {
  const order = await requireVisibleOrder(trx, input);
  return startPayment(trx, providers, {
    tenantId: input.tenantId,
    orderId: order.id,
    provider: input.provider,
  });
}

/** The gateways a buyer can choose on the order page, by id and name. */
export function listPaymentProviders(
  providers: PaymentProviders,
): Array<{ id: string; name: string }> {
  return [...providers.values()].map((p) => ({ id: p.id, name: p.displayName }));
}

/**
 * 取消订单 from the order page: the viewer must be able to open the order; then as cancelOrder (an
 * unpaid order is cancelled and its codes go back on sale at once; a paid or closed one is refused).
 */
export async function cancelOrderFromPage(
  trx: TenantTx,
  input: { tenantId: string; orderId: string; viewer: OrderViewer },
): Promise<{ skuIds: string[] }> {
  const order = await requireVisibleOrder(trx, input);
  return cancelOrder(trx, { tenantId: input.tenantId, orderId: order.id });
}
