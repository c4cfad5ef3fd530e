import type { PlatformTx, SupplierTx, TenantTx } from '@cardshop/db';
import { accountId, type AccountRef } from './accounts.js';
import { sumAccount } from './ledger.queries.js';

/**
 * An account's balance, derived from its lines: debit positive. Liabilities (what the platform owes a
 * customer, supplier or reseller) are credit balances, so they come out negative; see owedOn().
 * A scope sees only the lines RLS shows it: a shop its own accounts, a supplier its payable.
 */
export async function getAccountBalance(
  trx: TenantTx | PlatformTx | SupplierTx,
  account: AccountRef,
): Promise<number> {
  return sumAccount(trx, accountId(account));
}

/** What the platform owes on a liability account (a customer's 余额, a supplier's payable), in fen. */
export async function owedOn(
  trx: TenantTx | PlatformTx | SupplierTx,
  account: AccountRef,
): Promise<number> {
  const balance = await getAccountBalance(trx, account);
  return balance === 0 ? 0 : -balance;
}
