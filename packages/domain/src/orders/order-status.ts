import type { OrderLineStatus, OrderStatus } from '@cardshop/db';

/**
 * A paid order's status from its lines: delivered when every line is, refunded when every line
 * is, partially refunded when some are, partially delivered when some lines are delivered and
 * others still wait (a top-up the supplier has not done, a card not yet shipped), else paid.
 */
export function paidOrderStatus(lines: ReadonlyArray<{ status: OrderLineStatus }>): OrderStatus {
  const count = (s: OrderLineStatus) => lines.filter((l) => l.status === s).length;
  const refunded = count('refunded');
  const delivered = count('delivered');
  if (refunded === lines.length) return 'refunded';
  if (refunded > 0) return 'partially_refunded';
  if (delivered === lines.length) return 'delivered';
  if (delivered > 0) return 'partially_delivered';
  return 'paid';
}

/** Statuses in which an order has been paid for. */
export const PAID_STATUSES: readonly OrderStatus[] = [
  'paid',
  'delivered',
  'partially_delivered',
  'refunded',
  'partially_refunded',
];
