import type { AuditActorType, Database, PlatformActor, PlatformTx, ScopedTx } from '@cardshop/db';

export interface TenantAuditEntry {
  tenantId: string;
  actor: { type: AuditActorType; id?: string | null; ip?: string | null };
  action: string;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
}

export async function recordTenantAudit(trx: ScopedTx, entry: TenantAuditEntry): Promise<void> {
  await trx
    .insertInto('tenant_audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id ?? null,
      ip: entry.actor.ip ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}

export interface PlatformAuditEntry {
  actor: PlatformActor;
  action: string;
  subjectTenantId?: string | null;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
}

/**
 * Any scope may add a platform audit row (a console sign-in happens before any scope exists);
 * only the platform scope reads them back.
 */
export async function recordPlatformAudit(
  executor: Database,
  entry: PlatformAuditEntry,
): Promise<void> {
  await executor
    .insertInto('platform_audit_log')
    .values({
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      ip: entry.actor.type === 'staff' ? (entry.actor.ip ?? null) : null,
      action: entry.action,
      subject_tenant_id: entry.subjectTenantId ?? null,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}

export interface PlatformAuditRow {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  data: unknown;
}

export async function platformRecentAudit(
  trx: PlatformTx,
  limit = 50,
): Promise<PlatformAuditRow[]> {
  const rows = await trx
    .selectFrom('platform_audit_log')
    .select(['id', 'occurred_at', 'actor_type', 'actor_id', 'action', 'data'])
    .orderBy('occurred_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    data: r.data,
  }));
}
