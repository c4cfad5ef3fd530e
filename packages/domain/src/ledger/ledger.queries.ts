import { sql, type PlatformTx, type SupplierTx, type TenantTx } from '@cardshop/db';
import { accountRow, type AccountRef } from './accounts.js';

type PostingTx = TenantTx | PlatformTx;
type ReadingTx = TenantTx | PlatformTx | SupplierTx;

/**
 * Opens the accounts that do not exist yet. No conflict target: naming one would make Postgres
 * check the new row against the read policies, and a shop may open (not read) a supplier's account.
 */
export async function openAccounts(trx: PostingTx, refs: AccountRef[], currency: string) {
  const rows = new Map(
    refs.map((ref) => [accountRow(ref, currency).id, accountRow(ref, currency)]),
  );
  if (rows.size === 0) return;
  await trx
    .insertInto('ledger_accounts')
    .values([...rows.values()])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertEntry(
  trx: PostingTx,
  entry: {
    id: string;
    kind: string;
    idempotencyKey: string;
    originTenantId: string | null;
    orderId: string | null;
    paymentId: string | null;
    refundId: string | null;
    reversesEntryId: string | null;
    memo: string;
  },
) {
  await trx
    .insertInto('ledger_entries')
    .values({
      id: entry.id,
      kind: entry.kind,
      idempotency_key: entry.idempotencyKey,
      origin_tenant_id: entry.originTenantId,
      order_id: entry.orderId,
      payment_id: entry.paymentId,
      refund_id: entry.refundId,
      reverses_entry_id: entry.reversesEntryId,
      memo: entry.memo,
    })
    .execute();
}

export async function insertLines(
  trx: PostingTx,
  entryId: string,
  currency: string,
  lines: Array<{ accountId: string; amountFen: number }>,
) {
  await trx
    .insertInto('ledger_lines')
    .values(
      lines.map((line, i) => ({
        entry_id: entryId,
        line_no: i + 1,
        account_id: line.accountId,
        currency,
        amount_fen: line.amountFen,
      })),
    )
    .execute();
}

/** Whether an entry with this idempotency key is visible to this scope. */
export async function entryExists(trx: PostingTx, idempotencyKey: string): Promise<boolean> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sum of the lines on an account this scope can see (debit positive). */
export async function sumAccount(trx: ReadingTx, accountId: string): Promise<number> {
  const row = await trx
    .selectFrom('ledger_lines')
    .select(sql<string | null>`sum(amount_fen)`.as('total'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.total ?? 0);
}

/** The lines of the entries an order caused, oldest first. */
export async function selectOrderEntries(trx: PostingTx, tenantId: string, orderId: string) {
  return trx
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_lines as l', 'l.entry_id', 'e.id')
    .where('e.origin_tenant_id', '=', tenantId)
    .where('e.order_id', '=', orderId)
    .select([
      'e.id as entryId',
      'e.kind',
      'e.idempotency_key as idempotencyKey',
      'e.created_at as createdAt',
      'l.line_no as lineNo',
      'l.account_id as accountId',
      'l.currency',
      'l.amount_fen as amountFen',
    ])
    .orderBy('e.created_at')
    .orderBy('e.id')
    .orderBy('l.line_no')
    .execute();
}
