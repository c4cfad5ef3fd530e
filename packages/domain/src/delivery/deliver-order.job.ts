import { asSystem, withTenant } from '@cardshop/db';
import { z } from 'zod';
import { checkLowStock } from '../inventory/check-low-stock.js';
import { defineJob } from '../jobs/define-job.js';
import { deliverOrder } from './deliver-order.js';

/**
 * Queued by the transaction that accepted a payment. Delivery itself is one transaction of the
 * shop (deliverOrder re-checks state, so a replay after a crash changes nothing); the low-stock
 * notice, which writes supplier rows, follows in the platform scope.
 */
export const deliverOrderJob = defineJob({
  name: 'delivery.deliver-order',
  queue: 'delivery',
  schema: z.object({ tenantId: z.uuid(), orderId: z.uuid() }),
  options: { attempts: 10, backoffMs: 1_000 },
  async handler(payload, ctx) {
    const result = await withTenant(ctx.db, payload.tenantId, (trx) => deliverOrder(trx, payload));
    for (const skuId of result.skuIds) await asSystem(ctx.db, (trx) => checkLowStock(trx, skuId));
    ctx.logger.debug({ ...result }, 'order delivery');
  },
});
