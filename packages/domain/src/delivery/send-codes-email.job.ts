import { z } from 'zod';
import { defineJob, requireServices } from '../jobs/define-job.js';
import { sendCodesEmail } from './send-codes-email.js';

/**
 * 自动发卡 mail: queued with the delivery of an order's card codes. The payload names the order
 * only; the handler decrypts the codes as it writes the mail, and records it sent, so a second
 * run sends nothing.
 */
export const sendCodesEmailJob = defineJob({
  name: 'delivery.send-codes-email',
  queue: 'delivery',
  schema: z.object({ tenantId: z.uuid(), orderId: z.uuid() }),
  options: { attempts: 8, backoffMs: 10_000 },
  async handler(payload, ctx) {
    const services = requireServices(ctx, 'delivery.send-codes-email');
    const outcome = await sendCodesEmail(ctx.db, services, payload);
    ctx.logger.info({ ...payload, outcome, via: services.email.kind }, 'codes email');
  },
});
