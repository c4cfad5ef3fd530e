import type { TenantTx } from '@cardshop/db';
import { enqueueJob } from '../jobs/outbox.js';
import { insertCodesEmail, selectCodesEmailRecipient } from './code-emails.queries.js';
import { sendCodesEmailJob } from './send-codes-email.job.js';

/**
 * In the transaction that delivered an order's codes: queues the mail that carries them, when the
 * order has a contact email or its buyer's account has one. Once per order: a later delivery of
 * the same order (a replay) queues nothing. The job's payload is ids only; the codes are read
 * and decrypted when the mail is written.
 */
export async function queueCodesEmail(
  trx: TenantTx,
  tenantId: string,
  order: { id: string; contactEmail: string | null; customerId: string | null },
): Promise<boolean> {
  const recipient = await selectCodesEmailRecipient(trx, tenantId, order);
  if (!recipient) return false;
  if (!(await insertCodesEmail(trx, { tenantId, orderId: order.id, recipient }))) return false;
  await enqueueJob(trx, sendCodesEmailJob, { tenantId, orderId: order.id });
  return true;
}
