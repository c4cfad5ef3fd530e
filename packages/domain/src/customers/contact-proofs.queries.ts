import { sql } from 'kysely';
import type { TenantTx } from '@cardshop/db';
import type { Identifier } from './customers.schemas.js';

export async function upsertContactProof(
  trx: TenantTx,
  tenantId: string,
  proof: { sessionId: string; customerId: string; identifier: Identifier },
): Promise<void> {
  await trx
    .insertInto('customer_contact_proofs')
    .values({
      tenant_id: tenantId,
      session_id: proof.sessionId,
      customer_id: proof.customerId,
      kind: proof.identifier.kind,
      destination: proof.identifier.value,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'session_id', 'kind']).doUpdateSet({
        customer_id: proof.customerId,
        destination: proof.identifier.value,
        verified_at: sql`now()`,
      }),
    )
    .execute();
}

/** Proofs of sessions that are gone, so the table does not grow with every sign-in. */
export async function deleteOrphanContactProofs(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<void> {
  await trx
    .deleteFrom('customer_contact_proofs as p')
    .where('p.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('customer_sessions as s')
            .select('s.id')
            .whereRef('s.tenant_id', '=', 'p.tenant_id')
            .whereRef('s.id', '=', 'p.session_id')
            .where('s.expires_at', '>', new Date()),
        ),
      ),
    )
    .execute();
}

/**
 * The contacts proved in this live session that are still the account's own: a proof of a number
 * the account no longer has, or of a session that ended, does not count.
 */
export async function selectProvenContacts(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  sessionId: string,
): Promise<Identifier[]> {
  const rows = await trx
    .selectFrom('customer_contact_proofs as p')
    .innerJoin('customers as c', (join) =>
      join.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.customer_id'),
    )
    .innerJoin('customer_sessions as s', (join) =>
      join
        .onRef('s.tenant_id', '=', 'p.tenant_id')
        .onRef('s.id', '=', 'p.session_id')
        .onRef('s.customer_id', '=', 'p.customer_id'),
    )
    .select(['p.kind', 'p.destination'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .where('p.session_id', '=', sessionId)
    .where('s.expires_at', '>', new Date())
    .where((eb) =>
      eb.or([
        eb.and([eb('p.kind', '=', 'phone'), eb('c.phone', '=', eb.ref('p.destination'))]),
        eb.and([eb('p.kind', '=', 'email'), eb('c.email', '=', eb.ref('p.destination'))]),
      ]),
    )
    .orderBy('p.kind', 'desc')
    .execute();
  return rows.map((r) => ({ kind: r.kind, value: r.destination }));
}
