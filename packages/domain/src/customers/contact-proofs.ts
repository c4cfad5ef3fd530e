import type { TenantTx } from '@cardshop/db';
import {
  deleteOrphanContactProofs,
  selectProvenContacts,
  upsertContactProof,
} from './contact-proofs.queries.js';
import type { Identifier } from './customers.schemas.js';

/**
 * Notes that the person behind this session just proved they receive codes at this phone or
 * email (it is the account's own). Guest orders placed with it can then be claimed (认领订单).
 */
export async function recordContactProof(
  trx: TenantTx,
  tenantId: string,
  proof: { sessionId: string; customerId: string; identifier: Identifier },
): Promise<void> {
  await deleteOrphanContactProofs(trx, tenantId, proof.customerId);
  await upsertContactProof(trx, tenantId, proof);
}

/** The account's contacts proved with a code in this session (phone first). */
export function provenContacts(
  trx: TenantTx,
  tenantId: string,
  auth: { customerId: string; sessionId: string },
): Promise<Identifier[]> {
  return selectProvenContacts(trx, tenantId, auth.customerId, auth.sessionId);
}
