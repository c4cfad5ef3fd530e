import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { defineJob } from '../jobs/define-job.js';
import { finishShipment } from './finish-shipment.js';

/**
 * A supplier sent a physical card (in its own scope, which cannot touch the shop's order); this
 * marks the shop's line delivered in the shop's.
 */
export const shipmentShippedJob = defineJob({
  name: 'delivery.shipment-shipped',
  queue: 'delivery',
  schema: z.object({ tenantId: z.uuid(), shipmentId: z.uuid() }),
  options: { attempts: 10, backoffMs: 2_000 },
  async handler(payload, ctx) {
    const outcome = await withTenant(ctx.db, payload.tenantId, (trx) =>
      finishShipment(trx, payload),
    );
    ctx.logger.debug({ outcome }, 'shipment shipped');
  },
});
