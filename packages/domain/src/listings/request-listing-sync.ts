import type { PlatformTx, SupplierTx } from '@cardshop/db';
import { enqueueJob } from '../jobs/outbox.js';
import { listingSyncJob, type ListingSyncPayload } from './listing-sync.job.js';

/**
 * Writes the listing sync for a supplier's change into the outbox, in the supplier's transaction,
 * so it happens if and only if the change commits. Returns the job id (the outbox id).
 */
export function requestListingSync(
  trx: SupplierTx | PlatformTx,
  payload: ListingSyncPayload,
): Promise<string> {
  return enqueueJob(trx, listingSyncJob, payload);
}
