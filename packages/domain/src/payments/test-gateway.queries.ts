import { sql, type TenantTx } from '@cardshop/db';

// The built-in test gateway's side: its charges (what the buyer chose on the hosted pay page) and
// what its pay page shows about the payment being paid.

export interface TestGatewayPaymentRow {
  id: string;
  orderId: string | null;
  topupId: string | null;
  provider: string;
  amountFen: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'refunded';
}

/** The payment, locked when a choice is being recorded so two clicks take turns. */
export async function selectGatewayPayment(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
  options: { lock?: boolean } = {},
): Promise<TestGatewayPaymentRow | undefined> {
  let query = trx
    .selectFrom('payments')
    .select([
      'id',
      'order_id as orderId',
      'topup_id as topupId',
      'provider',
      'amount_fen as amountFen',
      'currency',
      'status',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** A balance top-up's state and deadline, for its pay page. */
export async function selectTopupForGateway(trx: TenantTx, tenantId: string, topupId: string) {
  return trx
    .selectFrom('balance_topups')
    .select(['status', 'expires_at as expiresAt'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', topupId)
    .executeTakeFirst();
}

export interface TestGatewayChargeRow {
  id: string;
  paymentId: string;
  status: 'succeeded' | 'failed';
  eventId: string;
  transactionId: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
}

const chargeColumns = [
  'id',
  'payment_id as paymentId',
  'status',
  'event_id as eventId',
  'transaction_id as transactionId',
  'created_at as createdAt',
  'acknowledged_at as acknowledgedAt',
] as const;

/** The payment's charges, newest first. */
export async function selectCharges(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
): Promise<TestGatewayChargeRow[]> {
  return trx
    .selectFrom('test_gateway_charges')
    .select(chargeColumns)
    .where('tenant_id', '=', tenantId)
    .where('payment_id', '=', paymentId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function selectCharge(
  trx: TenantTx,
  tenantId: string,
  chargeId: string,
): Promise<TestGatewayChargeRow | undefined> {
  return trx
    .selectFrom('test_gateway_charges')
    .select(chargeColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .executeTakeFirst();
}

export async function insertCharge(
  trx: TenantTx,
  row: {
    tenantId: string;
    paymentId: string;
    status: 'succeeded' | 'failed';
    eventId: string;
    transactionId: string;
  },
): Promise<string> {
  const inserted = await trx
    .insertInto('test_gateway_charges')
    .values({
      tenant_id: row.tenantId,
      payment_id: row.paymentId,
      status: row.status,
      event_id: row.eventId,
      transaction_id: row.transactionId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function markChargeAcknowledged(trx: TenantTx, tenantId: string, chargeId: string) {
  await trx
    .updateTable('test_gateway_charges')
    .set({ acknowledged_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .where('acknowledged_at', 'is', null)
    .execute();
}
