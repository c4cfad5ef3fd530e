import { randomUUID } from 'node:crypto';
import type { PlatformTx, TenantTx } from '@cardshop/db';
import { accountId, DEFAULT_CURRENCY, type AccountRef } from './accounts.js';
import { insertEntry, insertLines, openAccounts } from './ledger.queries.js';

export interface LedgerLineInput {
  account: AccountRef;
  /** Debit positive, credit negative, in fen. */
  amountFen: number;
}

export interface LedgerEntryInput {
  /** What happened, e.g. 'sale', 'refund'. */
  kind: string;
  /** What the entry does once, e.g. `sale:<payment id>`: posting it again fails in the database. */
  idempotencyKey: string;
  /** The shop whose activity caused it; required in a shop's transaction. */
  originTenantId: string | null;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  reversesEntryId?: string | null;
  memo?: string;
  currency?: string;
  lines: LedgerLineInput[];
}

/**
 * Posts one balanced journal entry and opens the accounts it touches. Lines on the same account are
 * merged and zero lines dropped; what is left must sum to zero and have two lines or more (the
 * database checks the same at commit, so a bug here cannot leave an unbalanced book).
 * Returns the entry id.
 */
export async function postEntry(
  trx: TenantTx | PlatformTx,
  entry: LedgerEntryInput,
): Promise<string> {
  const currency = entry.currency ?? DEFAULT_CURRENCY;
  const merged = new Map<string, { ref: AccountRef; amountFen: number }>();
  for (const line of entry.lines) {
    if (!Number.isSafeInteger(line.amountFen)) {
      throw new TypeError(
        `postEntry(${entry.kind}): ${line.amountFen} is not a whole number of fen`,
      );
    }
    const id = accountId(line.account);
    const current = merged.get(id);
    if (current) current.amountFen += line.amountFen;
    else merged.set(id, { ref: line.account, amountFen: line.amountFen });
  }
  const lines = [...merged.entries()]
    .filter(([, l]) => l.amountFen !== 0)
    .map(([id, l]) => ({ accountId: id, ref: l.ref, amountFen: l.amountFen }));
  const sum = lines.reduce((total, l) => total + l.amountFen, 0);
  if (sum !== 0) throw new TypeError(`postEntry(${entry.kind}): lines sum to ${sum}, not 0`);
  if (lines.length < 2) throw new TypeError(`postEntry(${entry.kind}): fewer than two lines`);

  await openAccounts(
    trx,
    lines.map((l) => l.ref),
    currency,
  );
  const id = randomUUID();
  await insertEntry(trx, {
    id,
    kind: entry.kind,
    idempotencyKey: entry.idempotencyKey,
    originTenantId: entry.originTenantId,
    orderId: entry.orderId ?? null,
    paymentId: entry.paymentId ?? null,
    refundId: entry.refundId ?? null,
    reversesEntryId: entry.reversesEntryId ?? null,
    memo: entry.memo ?? '',
  });
  await insertLines(trx, id, currency, lines);
  return id;
}
