import type { TenantTx } from '@cardshop/db';
import { releaseOrderStock } from './code-holds.js';
import { selectOrder, transitionLines, transitionOrder } from './orders.queries.js';

export type ExpireOrderResult =
  | { outcome: 'expired'; skuIds: string[] }
  /** Paid, cancelled or expired already: nothing to do. */
  | { outcome: 'settled' }
  /** Still unpaid but its time is not up (the job ran early): try again later. */
  | { outcome: 'not_due'; expiresAt: Date }
  | { outcome: 'not_found' };

/**
 * Expires an unpaid order whose time is up: one conditional update moves it out of
 * pending_payment (a payment arriving at the same moment either wins first, or finds it expired
 * and takes the late-payment path), then its codes and physical cards go back to stock. Running it
 * twice is harmless.
 */
export async function expireOrder(
  trx: TenantTx,
  input: { tenantId: string; orderId: string },
): Promise<ExpireOrderResult> {
  const { tenantId, orderId } = input;
  const won = await transitionOrder(trx, tenantId, orderId, ['pending_payment'], 'expired', {
    closedAt: true,
    dueOnly: true,
  });
  if (!won) {
    const order = await selectOrder(trx, tenantId, orderId);
    if (!order) return { outcome: 'not_found' };
    if (order.status === 'pending_payment')
      return { outcome: 'not_due', expiresAt: order.expiresAt };
    return { outcome: 'settled' };
  }
  await transitionLines(trx, tenantId, orderId, ['pending_payment'], 'expired');
  const skuIds = await releaseOrderStock(trx, tenantId, orderId);
  return { outcome: 'expired', skuIds };
}
