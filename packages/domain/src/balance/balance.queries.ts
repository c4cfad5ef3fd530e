import { sql, type BalanceTopupStatus, type PaymentStatus, type TenantTx } from '@cardshop/db';

export async function insertTopup(
  trx: TenantTx,
  topup: {
    tenantId: string;
    customerId: string;
    amountFen: number;
    currency: string;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await trx
    .insertInto('balance_topups')
    .values({
      tenant_id: topup.tenantId,
      customer_id: topup.customerId,
      amount_fen: topup.amountFen,
      currency: topup.currency,
      expires_at: topup.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The top-up's one payment, through `provider`. */
export async function insertTopupPayment(
  trx: TenantTx,
  payment: {
    tenantId: string;
    topupId: string;
    provider: string;
    amountFen: number;
    currency: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('payments')
    .values({
      tenant_id: payment.tenantId,
      topup_id: payment.topupId,
      provider: payment.provider,
      amount_fen: payment.amountFen,
      currency: payment.currency,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const topupColumns = [
  't.id as topupId',
  't.customer_id as customerId',
  't.amount_fen as amountFen',
  't.currency',
  't.status',
  't.created_at as createdAt',
  't.expires_at as expiresAt',
  't.paid_at as paidAt',
  'p.id as paymentId',
  'p.provider',
  'p.status as paymentStatus',
] as const;

export interface TopupRow {
  topupId: string;
  customerId: string;
  amountFen: number;
  currency: string;
  status: BalanceTopupStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  paymentId: string;
  provider: string;
  paymentStatus: PaymentStatus;
}

function topupsWithPayment(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('balance_topups as t')
    .innerJoin('payments as p', (join) =>
      join.onRef('p.tenant_id', '=', 't.tenant_id').onRef('p.topup_id', '=', 't.id'),
    )
    .where('t.tenant_id', '=', tenantId);
}

/** A pending top-up of this customer, amount and provider whose pay link is still offered. */
export async function findOpenTopup(
  trx: TenantTx,
  input: { tenantId: string; customerId: string; amountFen: number; provider: string },
): Promise<TopupRow | undefined> {
  return topupsWithPayment(trx, input.tenantId)
    .select(topupColumns)
    .where('t.customer_id', '=', input.customerId)
    .where('t.amount_fen', '=', input.amountFen)
    .where('t.status', '=', 'pending')
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('p.provider', '=', input.provider)
    .where('p.status', '=', 'pending')
    .orderBy('t.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countOpenTopups(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('balance_topups')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One of the customer's top-ups. */
export async function selectCustomerTopup(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  topupId: string,
): Promise<TopupRow | undefined> {
  return topupsWithPayment(trx, tenantId)
    .select(topupColumns)
    .where('t.customer_id', '=', customerId)
    .where('t.id', '=', topupId)
    .executeTakeFirst();
}

export async function selectRecentTopups(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  limit: number,
): Promise<TopupRow[]> {
  return topupsWithPayment(trx, tenantId)
    .select(topupColumns)
    .where('t.customer_id', '=', customerId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
}

export interface TopupPaymentRow {
  id: string;
  topupId: string;
  customerId: string;
  provider: string;
  providerTransactionId: string | null;
  amountFen: number;
  currency: string;
  status: PaymentStatus;
  topupStatus: BalanceTopupStatus;
}

/**
 * A top-up's payment with its top-up, both locked: every notification about one payment takes
 * turns on these rows, as an order's do on the payment's. Undefined for an order's payment.
 */
export async function selectTopupPaymentForUpdate(
  trx: TenantTx,
  tenantId: string,
  paymentId: string,
): Promise<TopupPaymentRow | undefined> {
  return trx
    .selectFrom('payments as p')
    .innerJoin('balance_topups as t', (join) =>
      join.onRef('t.tenant_id', '=', 'p.tenant_id').onRef('t.id', '=', 'p.topup_id'),
    )
    .select([
      'p.id',
      't.id as topupId',
      't.customer_id as customerId',
      'p.provider',
      'p.provider_transaction_id as providerTransactionId',
      'p.amount_fen as amountFen',
      'p.currency',
      'p.status',
      't.status as topupStatus',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function selectTopupState(trx: TenantTx, tenantId: string, topupId: string) {
  return trx
    .selectFrom('balance_topups')
    .select(['status', 'expires_at as expiresAt'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', topupId)
    .executeTakeFirst();
}

/** Moves the top-up from one of `from` to `to` (stamping paid_at on success); whether it moved. */
export async function transitionTopup(
  trx: TenantTx,
  tenantId: string,
  topupId: string,
  from: BalanceTopupStatus[],
  to: BalanceTopupStatus,
  options: { dueOnly?: boolean } = {},
): Promise<boolean> {
  let query = trx
    .updateTable('balance_topups')
    .set({
      status: to,
      updated_at: sql`now()`,
      ...(to === 'succeeded' ? { paid_at: sql<Date>`now()` } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', topupId)
    .where('status', 'in', from);
  if (options.dueOnly) query = query.where('expires_at', '<=', sql<Date>`now()`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface BalanceLineRow {
  entryId: string;
  kind: string;
  memo: string;
  createdAt: Date;
  /** Debit positive: a top-up or refund is negative here (the platform owes more). */
  amountFen: number;
  /** The account's sum up to and including this line. */
  runningFen: number;
  orderId: string | null;
  orderNumber: string | null;
  paymentProvider: string | null;
  topupId: string | null;
}

/** The lines on one balance account, newest first, with the order and payment they came from. */
export async function selectBalanceLines(
  trx: TenantTx,
  input: { tenantId: string; accountId: string; limit: number; offset: number },
): Promise<BalanceLineRow[]> {
  const rows = await trx
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .leftJoin('orders as o', (join) =>
      join.onRef('o.tenant_id', '=', 'e.origin_tenant_id').onRef('o.id', '=', 'e.order_id'),
    )
    .leftJoin('payments as p', (join) =>
      join.onRef('p.tenant_id', '=', 'e.origin_tenant_id').onRef('p.id', '=', 'e.payment_id'),
    )
    .where('l.account_id', '=', input.accountId)
    .where('e.origin_tenant_id', '=', input.tenantId)
    .select([
      'e.id as entryId',
      'e.kind',
      'e.memo',
      'e.created_at as createdAt',
      'l.amount_fen as amountFen',
      sql<string>`sum(l.amount_fen) over (order by e.created_at, e.id)`.as('running'),
      'e.order_id as orderId',
      'o.number as orderNumber',
      'p.provider as paymentProvider',
      'p.topup_id as topupId',
    ])
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return rows.map(({ running, ...row }) => ({ ...row, runningFen: Number(running) }));
}

export async function countBalanceLines(
  trx: TenantTx,
  tenantId: string,
  accountId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .where('l.account_id', '=', accountId)
    .where('e.origin_tenant_id', '=', tenantId)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
