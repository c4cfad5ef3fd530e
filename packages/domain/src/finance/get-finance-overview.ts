import type { SupplierTx, TenantTx } from '@cardshop/db';
import { accountId, type AccountRef } from '../ledger/accounts.js';
import { owedOn } from '../ledger/get-account-balance.js';
import { ledgerPageSchema } from './finance.schemas.js';
import {
  countStatementLines,
  selectPayoutAccount,
  selectStatementLines,
  type FinanceOwner,
} from './finance.queries.js';
import type { PayoutAccountView } from './payout-account-hints.js';

export const STATEMENT_PAGE_SIZE = 20;

/** What a statement line was, in words a shop or supplier reads (the console translates `kind`). */
export const STATEMENT_LINE_KINDS = {
  sale: '销售收入',
  refund: '退款扣回',
  other: '其他调整',
} as const;
export type StatementLineKind = keyof typeof STATEMENT_LINE_KINDS;

export interface StatementLine {
  /** entry id and line number: unique per line. */
  id: string;
  kind: StatementLineKind;
  /** 销售收入 · 订单 2026112612345678 */
  description: string;
  postedAt: Date;
  /** What this line added to what the platform owes (negative: taken back), in fen. */
  amountFen: number;
  orderId: string | null;
  orderNumber: string | null;
}

export interface FinanceOverview {
  /** What the platform owes the shop or supplier now, in fen. */
  owedFen: number;
  payoutAccount: PayoutAccountView | null;
  lines: StatementLine[];
  total: number;
  page: number;
  pageCount: number;
}

export function payableAccount(owner: FinanceOwner): AccountRef {
  return owner.kind === 'shop'
    ? { kind: 'reseller_payable', tenantId: owner.tenantId }
    : { kind: 'supplier_payable', supplierId: owner.supplierId };
}

function lineKind(entryKind: string): StatementLineKind {
  return entryKind === 'sale' || entryKind === 'refund' ? entryKind : 'other';
}

/**
 * A shop's or supplier's money: what the platform owes it (its payable account in the ledger),
 * the account's lines newest first, a page at a time, and the payout account it has bound (hints
 * only). Run in the owner's scope: a shop's tenant, or the supplier's.
 */
export async function getFinanceOverview(
  trx: TenantTx | SupplierTx,
  owner: FinanceOwner,
  input: { page?: unknown } = {},
): Promise<FinanceOverview> {
  const account = payableAccount(owner);
  const id = accountId(account);
  const total = await countStatementLines(trx, id);
  const pageCount = Math.max(1, Math.ceil(total / STATEMENT_PAGE_SIZE));
  const page = Math.min(ledgerPageSchema.parse(input.page ?? 1), pageCount);
  const rows = await selectStatementLines(trx, owner, id, {
    limit: STATEMENT_PAGE_SIZE,
    offset: (page - 1) * STATEMENT_PAGE_SIZE,
  });
  const payout = await selectPayoutAccount(trx, owner);
  return {
    owedFen: await owedOn(trx, account),
    payoutAccount: payout
      ? {
          kind: payout.kind,
          bankName: payout.bankName,
          accountHint: payout.accountHint,
          holderHint: payout.holderHint,
          updatedAt: payout.updatedAt,
        }
      : null,
    lines: rows.map((r) => {
      const kind = lineKind(r.kind);
      return {
        id: `${r.entryId}:${r.lineNo}`,
        kind,
        description: r.orderNumber
          ? `${STATEMENT_LINE_KINDS[kind]} · 订单 ${r.orderNumber}`
          : STATEMENT_LINE_KINDS[kind],
        postedAt: r.postedAt,
        // A payable is a credit balance: a credit line (negative) adds to what is owed.
        amountFen: -r.amountFen,
        orderId: r.orderId,
        orderNumber: r.orderNumber,
      };
    }),
    total,
    page,
    pageCount,
  };
}
