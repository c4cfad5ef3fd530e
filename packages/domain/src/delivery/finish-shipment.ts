import type { TenantTx } from '@cardshop/db';
import { paidOrderStatus } from '../orders/order-status.js';
import {
  selectOrder,
  selectOrderLines,
  setOrderStatus,
  transitionLines,
} from '../orders/orders.queries.js';
import { selectShopShipment } from './shipments.queries.js';

export type FinishShipmentResult = 'delivered' | 'unchanged';

/**
 * The shop's side of a shipment the supplier sent: its line counts as delivered (the card is on
 * its way with a tracking number), and the order's status follows. It re-checks the line, so a
 * second run, or a line refunded meanwhile, changes nothing.
 */
export async function finishShipment(
  trx: TenantTx,
  input: { tenantId: string; shipmentId: string },
): Promise<FinishShipmentResult> {
  const { tenantId } = input;
  const shipment = await selectShopShipment(trx, tenantId, input.shipmentId);
  if (!shipment || shipment.status === 'pending' || shipment.status === 'cancelled') {
    return 'unchanged';
  }
  const order = await selectOrder(trx, tenantId, shipment.orderId, { lock: true });
  if (!order) return 'unchanged';
  const moved = await transitionLines(trx, tenantId, shipment.orderId, ['paid'], 'delivered', {
    lineIds: [shipment.orderLineId],
  });
  if (moved.length === 0) return 'unchanged';
  const status = paidOrderStatus(await selectOrderLines(trx, tenantId, shipment.orderId));
  await setOrderStatus(trx, tenantId, shipment.orderId, status, {
    deliveredAt: status === 'delivered',
  });
  return 'delivered';
}
