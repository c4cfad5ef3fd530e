import { withTenant } from '@cardshop/db';
import { z } from 'zod';
import { defineJob } from '../jobs/define-job.js';
import { expireTopup } from './expire-topup.js';

/** Queued with the top-up, to run when its pay link lapses: a top-up still unpaid then expires. */
export const expireTopupJob = defineJob({
  name: 'balance.expire-topup',
  queue: 'payments',
  schema: z.object({ tenantId: z.uuid(), topupId: z.uuid() }),
  options: { attempts: 10, backoffMs: 2_000 },
  async handler(payload, ctx) {
    const result = await withTenant(ctx.db, payload.tenantId, (trx) => expireTopup(trx, payload));
    if (result.outcome === 'not_due') {
      // The queue's clock ran ahead of the database's; a retry comes after the backoff.
      throw new Error(`top-up ${payload.topupId} expires at ${result.expiresAt.toISOString()}`);
    }
    ctx.logger.debug({ outcome: result.outcome }, 'top-up expiry');
  },
});
