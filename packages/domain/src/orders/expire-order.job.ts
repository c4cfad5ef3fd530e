import { asSystem, withTenant } from '@cardshop/db';
import { z } from 'zod';
import { checkLowStock } from '../inventory/check-low-stock.js';
import { defineJob } from '../jobs/define-job.js';
import { expireOrder } from './expire-order.js';

export const orderJobPayloadSchema = z.object({ tenantId: z.uuid(), orderId: z.uuid() });

/**
 * Enqueued with the order, to run at its expiry time: an order still unpaid then is expired and its
 * codes go back to stock. A paid order makes it a no-op.
 */
export const expireOrderJob = defineJob({
  name: 'orders.expire',
  queue: 'orders',
  schema: orderJobPayloadSchema,
  options: { attempts: 10, backoffMs: 2_000 },
  async handler(payload, ctx) {
    const result = await withTenant(ctx.db, payload.tenantId, (trx) => expireOrder(trx, payload));
    if (result.outcome === 'not_due') {
      // The queue's clock ran ahead of the database's; a retry comes after the backoff.
      throw new Error(`order ${payload.orderId} expires at ${result.expiresAt.toISOString()}`);
    }
    if (result.outcome === 'expired') {
      for (const skuId of result.skuIds) await asSystem(ctx.db, (trx) => checkLowStock(trx, skuId));
    }
    ctx.logger.debug({ outcome: result.outcome }, 'order expiry');
  },
});
