import type { TenantTx } from '@cardshop/db';
import { DomainError } from '../errors.js';
import { selectOrder, type OrderRow } from '../orders/orders.queries.js';
import { ORDER_NOT_VISIBLE_MESSAGE, OrderViewErrors } from './order-view.errors.js';

/**
 * Who is asking to see an order: the signed-in customer (if any) and the orders this browser's
 * signed order-access cookie lists (placed here as a guest, or found through 查单).
 */
export interface OrderViewer {
  customerId: string | null;
  orderIds: readonly string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function orderNotVisible(): DomainError {
  return new DomainError(OrderViewErrors.NOT_FOUND, {
    userMessage: ORDER_NOT_VISIBLE_MESSAGE,
    status: 404,
  });
}

/**
 * The order when the viewer may open it: its signed-in buyer, or a browser holding access to it.
 * Anything else (another shop's order, someone else's, a made-up id) is the same 404.
 */
export async function requireVisibleOrder(
  trx: TenantTx,
  input: { tenantId: string; orderId: string; viewer: OrderViewer },
  options: { lock?: boolean } = {},
): Promise<OrderRow> {
  if (typeof input.orderId !== 'string' || !UUID.test(input.orderId)) throw orderNotVisible();
  const orderId = input.orderId.toLowerCase();
  const mayOpen = input.viewer.orderIds.includes(orderId) || input.viewer.customerId !== null;
  if (!mayOpen) throw orderNotVisible();
  const order = await selectOrder(trx, input.tenantId, orderId, options);
  if (!order) throw orderNotVisible();
  const owner = input.viewer.customerId !== null && order.customerId === input.viewer.customerId;
  if (!owner && !input.viewer.orderIds.includes(order.id)) throw orderNotVisible();
  return order;
}
