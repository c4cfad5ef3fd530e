import type { SupplierTx, TenantTx } from '@cardshop/db';
import { payoutAccountOwnerContext } from './bind-payout-account.js';
import { selectPayoutAccount, type FinanceOwner } from './finance.queries.js';
import { payoutAccountSchema, type PayoutAccountDetails } from './finance.schemas.js';
import type { PayoutAccountSealer } from './payout-account-keys.js';

/**
 * The whole payout account, opened, for paying money out to it (never for showing: pages show
 * the hints). Null when none is bound, or when it no longer opens (APP_SECRET changed, or the
 * row was tampered with or copied from another owner): the owner has to bind it again.
 */
export async function openPayoutAccount(
  trx: TenantTx | SupplierTx,
  sealer: PayoutAccountSealer,
  owner: FinanceOwner,
): Promise<PayoutAccountDetails | null> {
  const row = await selectPayoutAccount(trx, owner);
  if (!row) return null;
  const parsed = payoutAccountSchema.safeParse(
    sealer.open(row.sealed, payoutAccountOwnerContext(owner)),
  );
  return parsed.success ? parsed.data : null;
}
