import type { TenantTx } from '@cardshop/db';
import type { TwoFactorStore } from '../security/two-factor.js';

/** Two-step verification storage of one shop customer, for use inside one tenant transaction. */
export function customerTwoFactorStore(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): TwoFactorStore {
  return {
    async load() {
      const row = await trx
        .selectFrom('customer_two_factor')
        .select([
          'enabled_at',
          'secret_sealed',
          'last_used_step',
          'pending_secret_sealed',
          'pending_created_at',
        ])
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .forUpdate()
        .executeTakeFirst();
      return row
        ? {
            enabledAt: row.enabled_at,
            secretSealed: row.secret_sealed,
            lastUsedStep: row.last_used_step,
            pendingSecretSealed: row.pending_secret_sealed,
            pendingCreatedAt: row.pending_created_at,
          }
        : undefined;
    },
    async savePending(sealed, at) {
      await trx
        .insertInto('customer_two_factor')
        .values({
          tenant_id: tenantId,
          customer_id: customerId,
          pending_secret_sealed: sealed,
          pending_created_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'customer_id']).doUpdateSet({
            pending_secret_sealed: sealed,
            pending_created_at: at,
            updated_at: at,
          }),
        )
        .execute();
    },
    async activate(at, step) {
      await trx
        .updateTable('customer_two_factor')
        .set((eb) => ({
          secret_sealed: eb.ref('pending_secret_sealed'),
          enabled_at: at,
          last_used_step: step,
          pending_secret_sealed: null,
          pending_created_at: null,
          updated_at: at,
        }))
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .where('pending_secret_sealed', 'is not', null)
        .execute();
    },
    async advanceStep(step) {
      const result = await trx
        .updateTable('customer_two_factor')
        .set({ last_used_step: step })
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async replaceRecoveryCodes(hashes) {
      await trx
        .deleteFrom('customer_recovery_codes')
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .execute();
      if (hashes.length === 0) return;
      await trx
        .insertInto('customer_recovery_codes')
        .values(
          hashes.map((code_hash) => ({ tenant_id: tenantId, customer_id: customerId, code_hash })),
        )
        .execute();
    },
    async useRecoveryCode(hash, at) {
      const result = await trx
        .updateTable('customer_recovery_codes')
        .set({ used_at: at })
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async countRecoveryCodes() {
      const row = await trx
        .selectFrom('customer_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async remove() {
      await trx
        .deleteFrom('customer_recovery_codes')
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .execute();
      await trx
        .deleteFrom('customer_two_factor')
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId)
        .execute();
    },
  };
}

/** Whether the customer signs in with a second step (cheap check for the sign-in paths). */
export async function customerHasTwoFactor(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom('customer_two_factor')
    .select('enabled_at')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Boolean(row?.enabled_at);
}

/** The session's last confirmation, locked with it for the operation's transaction. */
export async function selectCustomerSessionConfirmation(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  sessionId: string,
): Promise<{ confirmedAt: Date | null } | undefined> {
  const row = await trx
    .selectFrom('customer_sessions')
    .select('confirmed_at')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { confirmedAt: row.confirmed_at } : undefined;
}

export async function markCustomerSessionConfirmed(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  sessionId: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('customer_sessions')
    .set({ confirmed_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Another customer of this shop already uses the phone or email. */
export async function contactTakenByAnother(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  contact: { kind: 'phone' | 'email'; value: string },
): Promise<boolean> {
  const row = await trx
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(contact.kind, '=', contact.value)
    .where('id', '!=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function setCustomerContact(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  contact: { kind: 'phone' | 'email'; value: string },
): Promise<void> {
  await trx
    .updateTable('customers')
    .set(contact.kind === 'phone' ? { phone: contact.value } : { email: contact.value })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

// --- notices ---

export interface CustomerNotice {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export async function insertCustomerNotice(
  trx: TenantTx,
  values: { tenantId: string; customerId: string; kind: string; title: string; body: string },
): Promise<void> {
  await trx
    .insertInto('customer_notices')
    .values({
      tenant_id: values.tenantId,
      customer_id: values.customerId,
      kind: values.kind,
      title: values.title,
      body: values.body,
    })
    .execute();
}

export async function selectCustomerNotices(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  limit: number,
): Promise<CustomerNotice[]> {
  const rows = await trx
    .selectFrom('customer_notices')
    .select(['id', 'kind', 'title', 'body', 'created_at', 'read_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function countUnreadCustomerNotices(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const row = await trx
    .selectFrom('customer_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markCustomerNoticesRead(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<number> {
  const result = await trx
    .updateTable('customer_notices')
    .set({ read_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
