import type { Database } from '@cardshop/db';
import {
  generateSecureRandomString,
  hashSecret,
  secretMatches,
  splitToken,
} from './session-token.js';

export const STAFF_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Extend the sliding expiry at most this often, so every request is not a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StaffSession {
  id: string;
  userId: string;
  expiresAt: Date;
  /** When the person last confirmed it was them again on this session (second confirmation). */
  confirmedAt: Date | null;
}

export interface StaffIdentity {
  id: string;
  email: string;
  displayName: string;
  platformRole: 'admin' | 'operator' | 'support' | null;
  /** Two-step verification is on for this account. */
  twoFactorEnabled: boolean;
}

export async function createStaffSession(
  db: Database,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; session: StaffSession }> {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const expiresAt = new Date(Date.now() + STAFF_SESSION_TTL_MS);
  await db
    .insertInto('staff_sessions')
    .values({
      id,
      user_id: userId,
      secret_hash: hashSecret(secret),
      expires_at: expiresAt,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
  return { token: `${id}.${secret}`, session: { id, userId, expiresAt, confirmedAt: null } };
}

/** The signed-in staff member for a session token, or null; extends a live session's expiry. */
export async function validateStaffSession(
  db: Database,
  token: string,
): Promise<{ session: StaffSession; user: StaffIdentity } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .leftJoin('platform_staff as p', 'p.user_id', 'u.id')
    .leftJoin('staff_two_factor as f', 'f.user_id', 'u.id')
    .select([
      's.id',
      's.user_id',
      's.secret_hash',
      's.expires_at',
      's.last_used_at',
      's.confirmed_at',
      'f.enabled_at as two_factor_enabled_at',
      'u.email',
      'u.display_name',
      'u.status',
      'p.role as platform_role',
    ])
    .where('s.id', '=', parts.id)
    .executeTakeFirst();
  if (!row || !secretMatches(parts.secret, row.secret_hash)) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || row.status !== 'active') {
    await db.deleteFrom('staff_sessions').where('id', '=', row.id).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  if (now - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    expiresAt = new Date(now + STAFF_SESSION_TTL_MS);
    await db
      .updateTable('staff_sessions')
      .set({ last_used_at: new Date(now), expires_at: expiresAt })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    session: { id: row.id, userId: row.user_id, expiresAt, confirmedAt: row.confirmed_at },
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      platformRole: row.platform_role ?? null,
      twoFactorEnabled: row.two_factor_enabled_at !== null,
    },
  };
}

export async function invalidateStaffSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}
