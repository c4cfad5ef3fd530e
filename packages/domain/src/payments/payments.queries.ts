import {
  sql,
  type PaymentNotificationOutcome,
  type PaymentStatus,
  type RefundDestination,
  type RefundReason,
  type TenantTx,
} from '@cardshop/db';

export interface PaymentRow {
  id: string;
  orderId: string;
  provider: string;
  providerTransactionId: string | null;
  amountFen: number;
  currency: string;
  status: PaymentStatus;
}

const paymentColumns = [
  'id',
  'order_id as orderId',
  'provider',
  'provider_transaction_id as providerTransactionId',
  'amount_fen as amountFen',
  'currency',
  'status',
] as const;

/**
 * An order's payment, locked: every notification about one payment takes turns on this row.
 * A balance top-up's payment is not an order's (see balance/balance.queries.ts).
 */
export async function selectPaymentForUpdate(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
): Promise<PaymentRow | undefined> {
  return trx
    .selectFrom('payments')
    .select(paymentColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .where('order_id', 'is not', null)
    .$narrowType<{ orderId: string }>()
    .forUpdate()
    .executeTakeFirst();
}

/** An order's payment (not a balance top-up's). */
export async function selectPayment(trx: TenantTx, tenantId: string, paymentId: string) {
  return trx
    .selectFrom('payments')
    .select(paymentColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .where('order_id', 'is not', null)
    .$narrowType<{ orderId: string }>()
    .executeTakeFirst();
}

export async function selectOrderPayments(trx: TenantTx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('payments')
    .select([...paymentColumns, 'created_at as createdAt', 'succeeded_at as succeededAt'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .$narrowType<{ orderId: string }>()
    .orderBy('created_at')
    .execute();
}

/** The payment that paid for the order (the first that succeeded). */
export async function selectPayingPayment(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
): Promise<PaymentRow | undefined> {
  return trx
    .selectFrom('payments')
    .select(paymentColumns)
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .$narrowType<{ orderId: string }>()
    .where('status', 'in', ['succeeded', 'refunded'])
    .orderBy('succeeded_at')
    .limit(1)
    .executeTakeFirst();
}

export async function findPendingPayment(
  trx: TenantTx,
  tenantId: string,
  orderId: string,
  provider: string,
) {
  return trx
    .selectFrom('payments')
    .select(paymentColumns)
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .$narrowType<{ orderId: string }>()
    .where('provider', '=', provider)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function insertPayment(
  trx: TenantTx,
  payment: {
    tenantId: string;
    orderId: string;
    provider: string;
    amountFen: number;
    currency: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('payments')
    .values({
      tenant_id: payment.tenantId,
      order_id: payment.orderId,
      provider: payment.provider,
      amount_fen: payment.amountFen,
      currency: payment.currency,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function notificationSeen(
  trx: TenantTx,
  tenantId: string,
  provider: string,
  eventId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('payment_notifications')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function transactionTaken(
  trx: TenantTx,
  tenantId: string,
  provider: string,
  providerTransactionId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('payments')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('provider_transaction_id', '=', providerTransactionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** pending or failed -> succeeded, once; returns whether this call did it. */
export async function markPaymentSucceeded(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
  providerTransactionId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('payments')
    .set({
      status: 'succeeded',
      provider_transaction_id: providerTransactionId,
      succeeded_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPaymentStatus(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
  from: PaymentStatus[],
  to: PaymentStatus,
): Promise<boolean> {
  const result = await trx
    .updateTable('payments')
    .set({ status: to, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertNotification(
  trx: TenantTx,
  notification: {
    tenantId: string;
    provider: string;
    eventId: string;
    providerTransactionId: string;
    paymentId: string;
    bodySha256: Buffer;
    amountFen: number;
    currency: string;
    outcome: PaymentNotificationOutcome;
  },
) {
  await trx
    .insertInto('payment_notifications')
    .values({
      tenant_id: notification.tenantId,
      provider: notification.provider,
      event_id: notification.eventId,
      provider_transaction_id: notification.providerTransactionId,
      payment_id: notification.paymentId,
      body_sha256: notification.bodySha256,
      amount_fen: notification.amountFen,
      currency: notification.currency,
      outcome: notification.outcome,
    })
    .execute();
}

export async function insertRefund(
  trx: TenantTx,
  refund: {
    id: string;
    tenantId: string;
    orderId: string;
    orderLineId: string | null;
    paymentId: string | null;
    amountFen: number;
    currency: string;
    destination: RefundDestination;
    reason: RefundReason;
    /** Refunds to a balance are done the moment they are booked. */
    done: boolean;
  },
) {
  await trx
    .insertInto('refunds')
    .values({
      id: refund.id,
      tenant_id: refund.tenantId,
      order_id: refund.orderId,
      order_line_id: refund.orderLineId,
      payment_id: refund.paymentId,
      amount_fen: refund.amountFen,
      currency: refund.currency,
      destination: refund.destination,
      reason: refund.reason,
      status: refund.done ? 'succeeded' : 'pending',
      completed_at: refund.done ? sql<Date>`now()` : null,
    })
    .execute();
}

export async function selectRefundForPayout(trx: TenantTx, tenantId: string, refundId: string) {
  return trx
    .selectFrom('refunds as r')
    .innerJoin('payments as p', (join) =>
      join.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.payment_id'),
    )
    .where('r.tenant_id', '=', tenantId)
    .where('r.id', '=', refundId)
    .select([
      'r.id',
      'r.order_id as orderId',
      'r.order_line_id as orderLineId',
      'r.payment_id as paymentId',
      'r.amount_fen as amountFen',
      'r.currency',
      'r.destination',
      'r.status',
      'p.provider',
      'p.provider_transaction_id as providerTransactionId',
    ])
    .executeTakeFirst();
}

/** pending -> succeeded, once; returns whether this call did it. */
export async function completeRefund(
  trx: TenantTx,
  tenantId: string,
  refundId: string,
  providerRefundId: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('refunds')
    .set({
      status: 'succeeded',
      provider_refund_id: providerRefundId,
      completed_at: sql`now()`,
      last_error: null,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', refundId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordRefundError(
  trx: TenantTx,
  tenantId: string,
  refundId: string,
  error: string,
) {
  await trx
    .updateTable('refunds')
    .set({ last_error: error.slice(0, 2_000) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', refundId)
    .execute();
}

export async function selectOrderRefunds(trx: TenantTx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('refunds')
    .select([
      'id',
      'order_line_id as orderLineId',
      'payment_id as paymentId',
      'amount_fen as amountFen',
      'destination',
      'reason',
      'status',
    ])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .execute();
}
