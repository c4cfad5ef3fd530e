import type { TenantTx } from '@cardshop/db';
import { deliverOrderJob } from '../delivery/deliver-order.job.js';
import { enqueueJob } from '../jobs/outbox.js';
import type { AccountRef } from '../ledger/accounts.js';
import { postEntry } from '../ledger/post-entry.js';
import { saleSplit } from '../ledger/sale-postings.js';
import {
  setLineFees,
  transitionLines,
  transitionOrder,
  type OrderLineRow,
  type OrderRow,
} from '../orders/orders.queries.js';
import type { PaymentRow } from './payments.queries.js';

/**
 * The order leaves its unpaid state by one conditional update; the winner marks the lines paid,
 * books the sale (the money's source -> supplier wholesale, platform fee, reseller margin) and
 * queues delivery, all in the caller's transaction, which holds the order's row lock. The source
 * is the gateway's clearing account, or the buyer's balance when they pay with it.
 */
export async function acceptPayment(
  trx: TenantTx,
  input: {
    tenantId: string;
    order: OrderRow;
    lines: OrderLineRow[];
    payment: PaymentRow;
    from: Array<'pending_payment' | 'expired' | 'cancelled'>;
    feeBps: number;
    source?: AccountRef;
  },
): Promise<void> {
  const { tenantId, order, lines, payment, from } = input;
  const split = saleSplit(
    input.source ?? { kind: 'gateway_clearing', provider: payment.provider },
    tenantId,
    lines.map((l) => ({
      supplierId: l.supplierId,
      totalFen: l.totalFen,
      wholesaleFen: l.unitWholesaleFen * l.quantity,
    })),
    input.feeBps,
  );
  const platformFeeFen = split.feeFen.reduce((a, b) => a + b, 0);
  const won = await transitionOrder(trx, tenantId, order.id, from, 'paid', {
    paidAt: true,
    platformFeeFen,
  });
  if (!won) throw new Error(`order ${order.id} changed under its row lock`);
  await transitionLines(trx, tenantId, order.id, [...from], 'paid');
  await setLineFees(
    trx,
    tenantId,
    lines.map((l, i) => ({ lineId: l.id, feeFen: split.feeFen[i]! })),
  );
  await postEntry(trx, {
    kind: 'sale',
    idempotencyKey: `sale:${payment.id}`,
    originTenantId: tenantId,
    orderId: order.id,
    paymentId: payment.id,
    currency: payment.currency,
    lines: split.lines,
  });
  await enqueueJob(trx, deliverOrderJob, { tenantId, orderId: order.id });
}
