import { sql, type PlatformTx, type ScopedTx } from '@cardshop/db';

export interface PlatformSettings {
  /** The platform's fee on each sale, in basis points of the line total. */
  platformFeeBps: number;
  updatedAt: Date;
  /** The operator who last changed the settings (null before anyone did). */
  updatedBy: { id: string; email: string; displayName: string } | null;
}

export interface PlatformSettingsChange {
  occurredAt: Date;
  actorEmail: string | null;
  before: number | null;
  after: number | null;
}

/**
 * The fee a sale pays now. Any scope may ask: a shop's transaction cannot read platform_settings,
 * so this goes through the security-definer function that returns this one number.
 */
export async function readPlatformFeeBps(trx: ScopedTx): Promise<number> {
  const { rows } = await sql<{ bps: number }>`select app_platform_fee_bps() as bps`.execute(trx);
  return Number(rows[0]?.bps ?? 0);
}

export async function selectPlatformSettings(
  trx: PlatformTx,
  options: { lock?: boolean } = {},
): Promise<PlatformSettings> {
  let query = trx
    .selectFrom('platform_settings as s')
    .leftJoin('staff_users as u', 'u.id', 's.updated_by')
    .select(['s.platform_fee_bps', 's.updated_at', 'u.id as user_id', 'u.email', 'u.display_name'])
    .where('s.id', '=', true);
  if (options.lock) query = query.forUpdate('s');
  const row = await query.executeTakeFirstOrThrow();
  return {
    platformFeeBps: row.platform_fee_bps,
    updatedAt: row.updated_at,
    updatedBy: row.user_id
      ? { id: row.user_id, email: row.email!, displayName: row.display_name! }
      : null,
  };
}

export async function updatePlatformFee(
  trx: PlatformTx,
  values: { platformFeeBps: number; updatedBy: string | null },
): Promise<void> {
  await trx
    .updateTable('platform_settings')
    .set({
      platform_fee_bps: values.platformFeeBps,
      updated_at: sql<Date>`now()`,
      updated_by: values.updatedBy,
    })
    .where('id', '=', true)
    .execute();
}

/** The latest changes of the settings, newest first, from the platform audit log. */
export async function platformListSettingsChanges(
  trx: PlatformTx,
  limit = 10,
): Promise<PlatformSettingsChange[]> {
  const rows = await trx
    .selectFrom('platform_audit_log as a')
    .leftJoin('staff_users as u', (join) =>
      join.on(sql<boolean>`u.id::text = a.actor_id`).on('a.actor_type', '=', 'staff'),
    )
    .select(['a.occurred_at', 'u.email', 'a.data'])
    .where('a.action', '=', 'platform_settings.update')
    .orderBy('a.occurred_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const data = (r.data ?? {}) as {
      before?: { platformFeeBps?: number };
      after?: { platformFeeBps?: number };
    };
    return {
      occurredAt: r.occurred_at,
      actorEmail: r.email,
      before: data.before?.platformFeeBps ?? null,
      after: data.after?.platformFeeBps ?? null,
    };
  });
}
