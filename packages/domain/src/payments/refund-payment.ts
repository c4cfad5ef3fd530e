import { randomUUID } from 'node:crypto';
import type { RefundReason, TenantTx } from '@cardshop/db';
import { enqueueJob } from '../jobs/outbox.js';
import { postEntry } from '../ledger/post-entry.js';
import type { PaymentRow } from './payments.queries.js';
import { insertRefund, setPaymentStatus } from './payments.queries.js';
import { refundDestination } from './refund-destination.js';
import { refundPayoutJob } from './refund-payout.job.js';

/**
 * Gives back a whole payment that bought nothing: it came after its order expired and the codes
 * were gone, or it paid an order another payment had already paid. The money in the gateway is
 * booked straight to the buyer's balance, or to refunds_payable and paid out through the gateway
 * by a job. Call it in the transaction that decided it (it holds the payment's row lock).
 */
export async function refundPayment(
  trx: TenantTx,
  input: {
    tenantId: string;
    order: { id: string; customerId: string | null };
    payment: PaymentRow;
    reason: Extract<RefundReason, 'late_payment_no_stock' | 'duplicate_payment'>;
  },
): Promise<{ refundId: string; destination: 'balance' | 'original_payment' }> {
  const { tenantId, order, payment } = input;
  const refundId = randomUUID();
  const { destination, account } = refundDestination(tenantId, order.customerId);
  await insertRefund(trx, {
    id: refundId,
    tenantId,
    orderId: order.id,
    orderLineId: null,
    paymentId: payment.id,
    amountFen: payment.amountFen,
    currency: payment.currency,
    destination,
    reason: input.reason,
    done: destination === 'balance',
  });
  await postEntry(trx, {
    kind: destination === 'balance' ? 'payment_to_balance' : 'payment_to_refund',
    idempotencyKey: `receipt:${payment.id}`,
    originTenantId: tenantId,
    orderId: order.id,
    paymentId: payment.id,
    refundId,
    currency: payment.currency,
    memo: input.reason,
    lines: [
      {
        account: { kind: 'gateway_clearing', provider: payment.provider },
        amountFen: payment.amountFen,
      },
      { account, amountFen: -payment.amountFen },
    ],
  });
  if (destination === 'balance') {
    await setPaymentStatus(trx, tenantId, payment.id, ['succeeded'], 'refunded');
  } else {
    await enqueueJob(trx, refundPayoutJob, { tenantId, refundId });
  }
  return { refundId, destination };
}
