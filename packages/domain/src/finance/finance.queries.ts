import type { PayoutAccountKind, SupplierTx, TenantTx } from '@cardshop/db';
import type { AreaOwner } from '../team/area-members.queries.js';

/** Whose money: a shop (its tenant scope) or a supplier (its own scope). */
export type FinanceOwner = AreaOwner;

type FinanceTx = TenantTx | SupplierTx;

export interface PayoutAccountRow {
  kind: PayoutAccountKind;
  bankName: string | null;
  accountHint: string;
  holderHint: string;
  sealed: Uint8Array;
  updatedAt: Date;
}

// The two owners keep the same columns in tables of their own; each statement picks one table
// (and one RLS policy), like the team queries do.

/** The owner's payout account, locked for a change when `lock` is set. */
export async function selectPayoutAccount(
  trx: FinanceTx,
  owner: FinanceOwner,
  options: { lock?: boolean } = {},
): Promise<PayoutAccountRow | undefined> {
  const columns = [
    'kind',
    'bank_name',
    'account_hint',
    'holder_hint',
    'sealed',
    'updated_at',
  ] as const;
  let row;
  if (owner.kind === 'shop') {
    let query = trx
      .selectFrom('shop_payout_accounts')
      .select(columns)
      .where('tenant_id', '=', owner.tenantId);
    if (options.lock) query = query.forUpdate();
    row = await query.executeTakeFirst();
  } else {
    let query = trx
      .selectFrom('supplier_payout_accounts')
      .select(columns)
      .where('supplier_id', '=', owner.supplierId);
    if (options.lock) query = query.forUpdate();
    row = await query.executeTakeFirst();
  }
  return row
    ? {
        kind: row.kind,
        bankName: row.bank_name,
        accountHint: row.account_hint,
        holderHint: row.holder_hint,
        sealed: row.sealed,
        updatedAt: row.updated_at,
      }
    : undefined;
}

export async function savePayoutAccount(
  trx: FinanceTx,
  owner: FinanceOwner,
  account: Omit<PayoutAccountRow, 'updatedAt'> & { updatedBy: string },
): Promise<void> {
  const values = {
    kind: account.kind,
    bank_name: account.bankName,
    account_hint: account.accountHint,
    holder_hint: account.holderHint,
    sealed: account.sealed,
    updated_by: account.updatedBy,
  };
  const changes = { ...values, updated_at: new Date() };
  if (owner.kind === 'shop') {
    await trx
      .insertInto('shop_payout_accounts')
      .values({ tenant_id: owner.tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(changes))
      .execute();
  } else {
    await trx
      .insertInto('supplier_payout_accounts')
      .values({ supplier_id: owner.supplierId, ...values })
      .onConflict((oc) => oc.column('supplier_id').doUpdateSet(changes))
      .execute();
  }
}

export interface StatementLineRow {
  entryId: string;
  lineNo: number;
  kind: string;
  postedAt: Date;
  amountFen: number;
  /** The order behind a sale or refund, when this scope can see it (a shop's own orders). */
  orderId: string | null;
  orderNumber: string | null;
}

/** One account's lines, newest first (the lines this scope can see). */
export async function selectStatementLines(
  trx: FinanceTx,
  owner: FinanceOwner,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<StatementLineRow[]> {
  if (owner.kind === 'shop') {
    // A shop reads the entries it originated, and so the orders behind them.
    const rows = await trx
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .leftJoin('orders as o', (join) =>
        join.onRef('o.tenant_id', '=', 'e.origin_tenant_id').onRef('o.id', '=', 'e.order_id'),
      )
      .select([
        'l.entry_id',
        'l.line_no',
        'l.entry_kind',
        'l.posted_at',
        'l.amount_fen',
        'e.order_id',
        'o.number',
      ])
      .where('l.account_id', '=', accountId)
      .orderBy('l.posted_at', 'desc')
      .orderBy('l.entry_id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map((r) => ({
      entryId: r.entry_id,
      lineNo: r.line_no,
      kind: r.entry_kind,
      postedAt: r.posted_at,
      amountFen: Number(r.amount_fen),
      orderId: r.order_id,
      orderNumber: r.number,
    }));
  }
  // A supplier reads the lines on its payable, not the shops' entries behind them.
  const rows = await trx
    .selectFrom('ledger_lines')
    .select(['entry_id', 'line_no', 'entry_kind', 'posted_at', 'amount_fen'])
    .where('account_id', '=', accountId)
    .orderBy('posted_at', 'desc')
    .orderBy('entry_id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({
    entryId: r.entry_id,
    lineNo: r.line_no,
    kind: r.entry_kind,
    postedAt: r.posted_at,
    amountFen: Number(r.amount_fen),
    orderId: null,
    orderNumber: null,
  }));
}

export async function countStatementLines(trx: FinanceTx, accountId: string): Promise<number> {
  const row = await trx
    .selectFrom('ledger_lines')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
