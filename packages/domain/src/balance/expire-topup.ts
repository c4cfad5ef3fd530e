import type { TenantTx } from '@cardshop/db';
import { selectTopupState, transitionTopup } from './balance.queries.js';

export type ExpireTopupResult =
  | { outcome: 'expired' }
  /** Paid, failed or expired already: nothing to do. */
  | { outcome: 'settled' }
  /** Still open (the job ran early): try again later. */
  | { outcome: 'not_due'; expiresAt: Date }
  | { outcome: 'not_found' };

/**
 * Closes a top-up that was not paid in time: one conditional update, so a payment confirmed at the
 * same moment either wins first or finds it expired and is credited all the same (the money
 * arrived). Running it twice is harmless.
 */
export async function expireTopup(
  trx: TenantTx,
  input: { tenantId: string; topupId: string },
): Promise<ExpireTopupResult> {
  const { tenantId, topupId } = input;
  if (await transitionTopup(trx, tenantId, topupId, ['pending'], 'expired', { dueOnly: true })) {
    return { outcome: 'expired' };
  }
  const row = await selectTopupState(trx, tenantId, topupId);
  if (!row) return { outcome: 'not_found' };
  if (row.status === 'pending') return { outcome: 'not_due', expiresAt: row.expiresAt };
  return { outcome: 'settled' };
}
