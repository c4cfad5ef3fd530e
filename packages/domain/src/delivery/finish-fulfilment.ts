import type { TenantTx } from '@cardshop/db';
import { paidOrderStatus } from '../orders/order-status.js';
import {
  selectOrder,
  selectOrderLines,
  setOrderStatus,
  transitionLines,
} from '../orders/orders.queries.js';
import { refundOrderLine } from '../payments/refund-order-line.js';
import { selectShopTask } from './delivery.queries.js';

export type FinishFulfilmentResult = 'delivered' | 'refunded' | 'unchanged';

/**
 * The shop's side of a finished top-up task: done makes the line delivered, failed refunds it.
 * Both re-check the line's state, so running it twice changes nothing.
 */
export async function finishFulfilment(
  trx: TenantTx,
  input: { tenantId: string; taskId: string },
): Promise<FinishFulfilmentResult> {
  const { tenantId } = input;
  const task = await selectShopTask(trx, tenantId, input.taskId);
  if (!task || (task.status !== 'done' && task.status !== 'failed')) return 'unchanged';
  if (task.status === 'failed') {
    const refund = await refundOrderLine(trx, {
      tenantId,
      orderId: task.orderId,
      lineId: task.orderLineId,
      reason: 'fulfilment_failed',
    });
    return refund.refunded ? 'refunded' : 'unchanged';
  }
  const order = await selectOrder(trx, tenantId, task.orderId, { lock: true });
  if (!order) return 'unchanged';
  const moved = await transitionLines(trx, tenantId, task.orderId, ['paid'], 'delivered', {
    lineIds: [task.orderLineId],
  });
  if (moved.length === 0) return 'unchanged';
  const status = paidOrderStatus(await selectOrderLines(trx, tenantId, task.orderId));
  await setOrderStatus(trx, tenantId, task.orderId, status, {
    deliveredAt: status === 'delivered',
  });
  return 'delivered';
}
