import { sql, type PlatformTx } from '@cardshop/db';

export interface AuditFilter {
  /** Actor ids to match (the actor, or for the platform log also the account a row is about). */
  actorIds?: string[] | undefined;
  /** An email to match in the row's data (a failed console sign-in of an unknown address). */
  dataEmail?: string | undefined;
  actorType?: string | undefined;
  /** Action prefix, e.g. "staff.sign_in" or "customer.". */
  actionPrefix?: string | undefined;
  /** Only these actions. */
  actions?: readonly string[] | undefined;
  tenantId?: string | undefined;
  /** Keyset cursor: rows strictly older than this (occurred_at as text, id). */
  before?: { at: string; id: string } | undefined;
  limit: number;
}

export interface AuditSearchRow {
  id: string;
  occurred_at: Date;
  cursor_at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  data: unknown;
  tenant_slug: string | null;
  tenant_name: string | null;
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

export function searchPlatformAuditLog(
  trx: PlatformTx,
  filter: AuditFilter,
): Promise<AuditSearchRow[]> {
  let query = trx
    .selectFrom('platform_audit_log as a')
    .leftJoin('tenants as t', 't.id', 'a.subject_tenant_id')
    .select([
      'a.id',
      'a.occurred_at',
      sql<string>`a.occurred_at::text`.as('cursor_at'),
      'a.actor_type',
      'a.actor_id',
      'a.action',
      'a.target_type',
      'a.target_id',
      'a.ip',
      'a.data',
      't.slug as tenant_slug',
      't.name as tenant_name',
    ]);
  const { actorIds, dataEmail } = filter;
  if (actorIds || dataEmail) {
    query = query.where((eb) =>
      eb.or([
        ...(actorIds?.length
          ? [
              eb('a.actor_id', 'in', actorIds),
              eb.and([eb('a.target_type', '=', 'staff_user'), eb('a.target_id', 'in', actorIds)]),
            ]
          : []),
        ...(dataEmail ? [eb(sql`a.data->>'email'`, '=', dataEmail)] : []),
        // Nothing to match: no rows rather than every row.
        ...(!actorIds?.length && !dataEmail ? [sql<boolean>`false`] : []),
      ]),
    );
  }
  if (filter.actorType) query = query.where('a.actor_type', '=', filter.actorType as 'staff');
  if (filter.actionPrefix) {
    query = query.where('a.action', 'like', likePrefix(filter.actionPrefix));
  }
  if (filter.actions) query = query.where('a.action', 'in', filter.actions);
  if (filter.tenantId) query = query.where('a.subject_tenant_id', '=', filter.tenantId);
  if (filter.before) {
    const { at, id } = filter.before;
    query = query.where(sql<boolean>`(a.occurred_at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export function searchShopAuditLog(
  trx: PlatformTx,
  filter: AuditFilter,
): Promise<AuditSearchRow[]> {
  let query = trx
    .selectFrom('tenant_audit_log as a')
    .innerJoin('tenants as t', 't.id', 'a.tenant_id')
    .select([
      'a.id',
      'a.occurred_at',
      sql<string>`a.occurred_at::text`.as('cursor_at'),
      'a.actor_type',
      'a.actor_id',
      'a.action',
      'a.target_type',
      'a.target_id',
      'a.ip',
      'a.data',
      't.slug as tenant_slug',
      't.name as tenant_name',
    ]);
  if (filter.actorIds) {
    query = filter.actorIds.length
      ? query.where('a.actor_id', 'in', filter.actorIds)
      : query.where(sql<boolean>`false`);
  }
  if (filter.actorType) query = query.where('a.actor_type', '=', filter.actorType as 'staff');
  if (filter.actionPrefix) {
    query = query.where('a.action', 'like', likePrefix(filter.actionPrefix));
  }
  if (filter.actions) query = query.where('a.action', 'in', filter.actions);
  if (filter.tenantId) query = query.where('a.tenant_id', '=', filter.tenantId);
  if (filter.before) {
    const { at, id } = filter.before;
    query = query.where(sql<boolean>`(a.occurred_at, a.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function findStaffIdsByEmail(trx: PlatformTx, email: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('staff_users')
    .select('id')
    .where('email', '=', email)
    .execute();
  return rows.map((r) => r.id);
}

export async function findCustomerIdsByContact(
  trx: PlatformTx,
  contact: { kind: 'phone' | 'email'; value: string },
  tenantId?: string,
): Promise<string[]> {
  let query = trx.selectFrom('customers').select('id').where(contact.kind, '=', contact.value);
  if (tenantId) query = query.where('tenant_id', '=', tenantId);
  return (await query.execute()).map((r) => r.id);
}

export async function findTenantIdBySlug(trx: PlatformTx, slug: string): Promise<string | null> {
  const row = await trx
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.id ?? null;
}

export function staffEmailsOf(trx: PlatformTx, ids: string[]) {
  return trx.selectFrom('staff_users').select(['id', 'email']).where('id', 'in', ids).execute();
}

export function customerContactsOf(trx: PlatformTx, ids: string[]) {
  return trx
    .selectFrom('customers')
    .select(['id', 'phone', 'email'])
    .where('id', 'in', ids)
    .execute();
}
