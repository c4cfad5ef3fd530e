import type { Database, StaffUserTx, TenantTx } from '@cardshop/db';

export interface AuditEventRow {
  id: string;
  occurred_at: Date;
  action: string;
  ip: string | null;
  data: unknown;
  /** The User-Agent of the session the event opened or ended, while that session lives. */
  session_user_agent: string | null;
}

/**
 * One customer's own events of these kinds from the shop's audit log, newest first. RLS keeps
 * the query in the shop; the customer id keeps it to the one person.
 */
export function selectCustomerEvents(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  actions: readonly string[],
  limit: number,
): Promise<AuditEventRow[]> {
  return trx
    .selectFrom('tenant_audit_log as a')
    .leftJoin('customer_sessions as s', (join) =>
      join
        .onRef('s.tenant_id', '=', 'a.tenant_id')
        .onRef('s.id', '=', 'a.target_id')
        .on('a.target_type', '=', 'customer_session'),
    )
    .select([
      'a.id',
      'a.occurred_at',
      'a.action',
      'a.ip',
      'a.data',
      's.user_agent as session_user_agent',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.actor_type', '=', 'customer')
    .where('a.actor_id', '=', customerId)
    .where('a.action', 'in', actions)
    .orderBy('a.occurred_at', 'desc')
    .limit(limit)
    .execute();
}

/** When the customer turned two-step verification on, or null (off, or never set up). */
export async function selectCustomerTwoFactorSince(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
): Promise<Date | null> {
  const row = await trx
    .selectFrom('customer_two_factor')
    .select('enabled_at')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.enabled_at ?? null;
}

export function selectCustomerIdentities(trx: TenantTx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customer_identities')
    .select(['provider', 'nickname', 'linked_at', 'last_sign_in_at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('linked_at')
    .execute();
}

/**
 * The signed-in console user's own events of these kinds (staff_own_audit shows only the rows of
 * the user asStaffUser names), newest first.
 */
export function selectStaffOwnEvents(
  trx: StaffUserTx,
  actions: readonly string[],
  limit: number,
): Promise<AuditEventRow[]> {
  return trx
    .selectFrom('staff_own_audit as a')
    .leftJoin('staff_sessions as s', (join) =>
      join.onRef('s.id', '=', 'a.target_id').on('a.target_type', '=', 'staff_session'),
    )
    .select([
      'a.id',
      'a.occurred_at',
      'a.action',
      'a.ip',
      'a.data',
      's.user_agent as session_user_agent',
    ])
    .where('a.action', 'in', actions)
    .orderBy('a.occurred_at', 'desc')
    .limit(limit)
    .execute();
}

// Console sessions carry no tenant: every query names the user.

export function selectLiveStaffSessions(db: Database, userId: string) {
  return db
    .selectFrom('staff_sessions')
    .select(['id', 'created_at', 'last_used_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .orderBy('last_used_at', 'desc')
    .execute();
}

/** Deletes one of the user's sessions; the number deleted (0: not theirs, or gone). */
export async function deleteStaffSession(
  db: Database,
  userId: string,
  sessionId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('staff_sessions')
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session of the user but `keep`; the number deleted. */
export async function deleteOtherStaffSessions(
  db: Database,
  userId: string,
  keep: string,
): Promise<number> {
  const result = await db
    .deleteFrom('staff_sessions')
    .where('user_id', '=', userId)
    .where('id', '!=', keep)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
