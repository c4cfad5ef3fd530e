import { randomUUID } from 'node:crypto';
import type { RefundReason, TenantTx } from '@cardshop/db';
import { parseId } from '../parse-input.js';
import { DomainError } from '../errors.js';
import { enqueueJob } from '../jobs/outbox.js';
import { postEntry } from '../ledger/post-entry.js';
import { lineRefundSplit } from '../ledger/sale-postings.js';
import { cancelPendingShipment } from '../delivery/shipments.queries.js';
import { releaseLineUnits } from '../orders/code-holds.js';
import { paidOrderStatus } from '../orders/order-status.js';
import { OrderErrors } from '../orders/orders.errors.js';
import {
  selectOrder,
  selectOrderLines,
  setOrderStatus,
  transitionLines,
} from '../orders/orders.queries.js';
import { insertRefund, selectPayingPayment } from './payments.queries.js';
import { refundDestination } from './refund-destination.js';
import { refundPayoutJob } from './refund-payout.job.js';

export type RefundLineResult =
  | {
      refunded: true;
      refundId: string;
      amountFen: number;
      destination: 'balance' | 'original_payment';
    }
  /** The line was refunded already, or was never paid: nothing changed. */
  | { refunded: false };

/**
 * Refunds one paid line (a top-up the supplier could not do, or an after-sales decision): the
 * line moves to refunded once (conditional update), the sale's split for that line is reversed
 * (supplier wholesale, platform fee and reseller margin all debited back) into the buyer's balance
 * or the gateway refund, and the order's status and refunded total follow. A physical card not
 * shipped yet is not shipped at all: its shipment is cancelled and the cards go back on sale.
 */
export async function refundOrderLine(
  trx: TenantTx,
  input: { tenantId: string; orderId: string; lineId: string; reason: RefundReason },
): Promise<RefundLineResult> {
  const notFound = '找不到这个订单';
  const orderId = parseId(input.orderId, OrderErrors.NOT_FOUND, notFound);
  const lineId = parseId(input.lineId, OrderErrors.NOT_FOUND, notFound);
  const { tenantId } = input;
  const order = await selectOrder(trx, tenantId, orderId, { lock: true });
  const line =
    order && (await selectOrderLines(trx, tenantId, orderId)).find((l) => l.id === lineId);
  if (!order || !line) {
    throw new DomainError(OrderErrors.NOT_FOUND, { userMessage: notFound, status: 404 });
  }
  const moved = await transitionLines(trx, tenantId, orderId, ['paid', 'delivered'], 'refunded', {
    lineIds: [lineId],
  });
  if (moved.length === 0) return { refunded: false };
  if (line.productType === 'physical_card') {
    // Not sent yet: the supplier must not send it, and the cards go back on sale. Shipment row
    // first, then the hold: the order the supplier's "shipped" takes them in.
    await cancelPendingShipment(trx, tenantId, lineId);
    await releaseLineUnits(trx, tenantId, lineId);
  }

  const payment = await selectPayingPayment(trx, tenantId, orderId);
  if (!payment) throw new Error(`order ${orderId} has a paid line but no successful payment`);
  const refundId = randomUUID();
  const { destination, account } = refundDestination(tenantId, order.customerId);
  await insertRefund(trx, {
    id: refundId,
    tenantId,
    orderId,
    orderLineId: lineId,
    paymentId: payment.id,
    amountFen: line.totalFen,
    currency: order.currency,
    destination,
    reason: input.reason,
    done: destination === 'balance',
  });
  await postEntry(trx, {
    kind: 'refund',
    idempotencyKey: `refund:${refundId}`,
    originTenantId: tenantId,
    orderId,
    paymentId: payment.id,
    refundId,
    currency: order.currency,
    memo: input.reason,
    lines: lineRefundSplit(account, tenantId, {
      supplierId: line.supplierId,
      totalFen: line.totalFen,
      wholesaleFen: line.unitWholesaleFen * line.quantity,
      feeFen: line.platformFeeFen ?? 0,
    }),
  });
  const lines = (await selectOrderLines(trx, tenantId, orderId)).map((l) => ({ status: l.status }));
  await setOrderStatus(trx, tenantId, orderId, paidOrderStatus(lines), {
    addRefundedFen: line.totalFen,
  });
  if (destination === 'original_payment') {
    await enqueueJob(trx, refundPayoutJob, { tenantId, refundId });
  }
  return { refunded: true, refundId, amountFen: line.totalFen, destination };
}
