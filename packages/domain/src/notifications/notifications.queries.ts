import { sql, type PlatformTx, type TenantTx } from '@cardshop/db';

export interface TenantNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
}

/** A notice to one shop, written by platform machinery (a job under asSystem). */
export async function insertTenantNotification(
  trx: PlatformTx,
  values: {
    tenantId: string;
    kind: string;
    title: string;
    body: string;
    data: Record<string, unknown>;
  },
): Promise<void> {
  await trx
    .insertInto('tenant_notifications')
    .values({
      tenant_id: values.tenantId,
      kind: values.kind,
      title: values.title,
      body: values.body,
      data: JSON.stringify(values.data),
    })
    .execute();
}

/** The shops among tenantIds that already have a notice carrying this job id. */
export async function selectTenantsNotifiedByJob(
  trx: PlatformTx,
  tenantIds: string[],
  jobId: string,
): Promise<Set<string>> {
  if (tenantIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('tenant_notifications')
    .select('tenant_id')
    .where('tenant_id', 'in', tenantIds)
    .where(sql<boolean>`data @> ${JSON.stringify({ jobId })}::jsonb`)
    .execute();
  return new Set(rows.map((r) => r.tenant_id));
}

export async function selectTenantNotifications(
  trx: TenantTx,
  options: { unreadOnly: boolean; limit: number; before?: Date },
): Promise<TenantNotification[]> {
  let query = trx
    .selectFrom('tenant_notifications')
    .select(['id', 'kind', 'title', 'body', 'data', 'read_at', 'created_at'])
    .where('tenant_id', '=', sql<string>`app_current_tenant()`);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.before) query = query.where('created_at', '<', options.before);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    data: r.data,
    readAt: r.read_at,
    createdAt: r.created_at,
  }));
}

export async function countUnreadTenantNotifications(trx: TenantTx): Promise<number> {
  const row = await trx
    .selectFrom('tenant_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', sql<string>`app_current_tenant()`)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the given notices (or all, for ids === 'all') read; returns how many changed. */
export async function markTenantNotificationsRead(
  trx: TenantTx,
  ids: string[] | 'all',
): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  let query = trx
    .updateTable('tenant_notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('tenant_id', '=', sql<string>`app_current_tenant()`)
    .where('read_at', 'is', null);
  if (ids !== 'all') query = query.where('id', 'in', ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
