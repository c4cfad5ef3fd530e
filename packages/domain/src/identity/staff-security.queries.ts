import { sql, type Database } from '@cardshop/db';
import type { TwoFactorStore } from '../security/two-factor.js';

// Staff rows carry no tenant: a console account spans shops. Every query names the user.

/** Two-step verification storage of one console account, for use inside one transaction. */
export function staffTwoFactorStore(trx: Database, userId: string): TwoFactorStore {
  return {
    async load() {
      const row = await trx
        .selectFrom('staff_two_factor')
        .select([
          'enabled_at',
          'secret_sealed',
          'last_used_step',
          'pending_secret_sealed',
          'pending_created_at',
        ])
        .where('user_id', '=', userId)
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
        .insertInto('staff_two_factor')
        .values({ user_id: userId, pending_secret_sealed: sealed, pending_created_at: at })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            pending_secret_sealed: sealed,
            pending_created_at: at,
            updated_at: at,
          }),
        )
        .execute();
    },
    async activate(at, step) {
      await trx
        .updateTable('staff_two_factor')
        .set((eb) => ({
          secret_sealed: eb.ref('pending_secret_sealed'),
          enabled_at: at,
          last_used_step: step,
          pending_secret_sealed: null,
          pending_created_at: null,
          updated_at: at,
        }))
        .where('user_id', '=', userId)
        .where('pending_secret_sealed', 'is not', null)
        .execute();
    },
    async advanceStep(step) {
      const result = await trx
        .updateTable('staff_two_factor')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async replaceRecoveryCodes(hashes) {
      await trx.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
      if (hashes.length === 0) return;
      await trx
        .insertInto('staff_recovery_codes')
        .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
        .execute();
    },
    async useRecoveryCode(hash, at) {
      const result = await trx
        .updateTable('staff_recovery_codes')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async countRecoveryCodes() {
      const row = await trx
        .selectFrom('staff_recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async remove() {
      await trx.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('staff_two_factor').where('user_id', '=', userId).execute();
    },
  };
}

/** The person behind a console account, for sign-in and notices. */
export function findStaffUser(db: Database, where: { id: string } | { email: string }) {
  let query = db
    .selectFrom('staff_users as u')
    .leftJoin('platform_staff as p', 'p.user_id', 'u.id')
    .leftJoin('staff_two_factor as f', 'f.user_id', 'u.id')
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.password_hash',
      'u.status',
      'p.role as platform_role',
      'f.enabled_at as two_factor_enabled_at',
    ]);
  query =
    'id' in where ? query.where('u.id', '=', where.id) : query.where('u.email', '=', where.email);
  return query.executeTakeFirst();
}

/** Whether the account is an owner or finance member of any shop or supplier (can withdraw money). */
export async function staffHoldsMoneyRole(db: Database, userId: string): Promise<boolean> {
  const row = await sql<{ held: boolean }>`
    select exists (
      select 1 from tenant_memberships where user_id = ${userId} and role in ('owner', 'finance')
    ) or exists (
      select 1 from supplier_staff where user_id = ${userId} and role in ('owner', 'finance')
    ) as held`.execute(db);
  return row.rows[0]?.held ?? false;
}

/** The session's last confirmation, read in the operation's transaction. */
export async function selectStaffSessionConfirmation(
  db: Database,
  userId: string,
  sessionId: string,
): Promise<{ confirmedAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('staff_sessions')
    .select('confirmed_at')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { confirmedAt: row.confirmed_at } : undefined;
}

export async function markStaffSessionConfirmed(
  db: Database,
  userId: string,
  sessionId: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('staff_sessions')
    .set({ confirmed_at: at })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setStaffPasswordHash(
  db: Database,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('staff_users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

/** Signs out every session of the account except `keep`; how many went. */
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

// --- notices ---

export interface StaffNotice {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export async function insertStaffNotice(
  db: Database,
  values: { userId: string; kind: string; title: string; body: string },
): Promise<void> {
  await db
    .insertInto('staff_notices')
    .values({ user_id: values.userId, kind: values.kind, title: values.title, body: values.body })
    .execute();
}

export async function selectStaffNotices(
  db: Database,
  userId: string,
  limit: number,
): Promise<StaffNotice[]> {
  const rows = await db
    .selectFrom('staff_notices')
    .select(['id', 'kind', 'title', 'body', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
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

export async function countUnreadStaffNotices(db: Database, userId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markStaffNoticesRead(db: Database, userId: string): Promise<number> {
  const result = await db
    .updateTable('staff_notices')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
