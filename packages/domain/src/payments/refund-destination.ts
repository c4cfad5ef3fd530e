import type { RefundDestination } from '@cardshop/db';
import type { AccountRef } from '../ledger/accounts.js';

/**
 * Where a buyer's money goes back: a signed-in customer's balance (余额), at once; a guest has
 * none, so it goes back through the gateway that took it, by way of refunds_payable until the
 * provider confirms the payout.
 */
export function refundDestination(
  tenantId: string,
  customerId: string | null,
): { destination: RefundDestination; account: AccountRef } {
  return customerId
    ? { destination: 'balance', account: { kind: 'customer_balance', tenantId, customerId } }
    : { destination: 'original_payment', account: { kind: 'refunds_payable' } };
}
