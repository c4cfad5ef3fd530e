import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { defineJob } from '../jobs/define-job.js';
import { finishFulfilment } from './finish-fulfilment.js';

/**
 * A supplier marked a top-up task done or failed (in its own scope, which cannot touch the shop's
 * order); this finishes it in the shop's: the line is delivered, or refunded.
 */
export const fulfilmentResultJob = defineJob({
  name: 'delivery.fulfilment-result',
  queue: 'delivery',
  schema: z.object({ tenantId: z.uuid(), taskId: z.uuid() }),
  options: { attempts: 10, backoffMs: 2_000 },
  async handler(payload, ctx) {
    const outcome = await withTenant(ctx.db, payload.tenantId, (trx) =>
      finishFulfilment(trx, payload),
    );
    ctx.logger.debug({ outcome }, 'fulfilment result');
  },
});
