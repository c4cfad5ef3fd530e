import type { Database } from '@cardshop/db';
import {
  composeSecurityNotice,
  sendSecurityNotice,
  type SecurityNotice,
  type SecurityNoticeKind,
} from '../security/security-notices.js';
import type { StaffAuthContext } from './staff-auth-context.js';
import {
  countUnreadStaffNotices,
  insertStaffNotice,
  markStaffNoticesRead,
  selectStaffNotices,
  type StaffNotice,
} from './staff-security.queries.js';

export type { StaffNotice };

const CONTACT = '联系平台管理员';
const BRAND = '卡盟云';

/**
 * Writes the in-site security notice in the transaction of the change; returns it for
 * mailStaffNotice to send once that transaction has committed.
 */
export async function recordStaffNotice(
  trx: Database,
  ctx: Pick<StaffAuthContext, 'ip' | 'now'>,
  userId: string,
  kind: SecurityNoticeKind,
  detail?: string,
): Promise<SecurityNotice> {
  const notice = composeSecurityNotice(kind, {
    at: new Date(ctx.now()),
    ip: ctx.ip,
    contact: CONTACT,
    ...(detail ? { detail } : {}),
  });
  await insertStaffNotice(trx, { userId, ...notice });
  return notice;
}

/** Mails a security notice to the console account's address (after commit; best effort). */
export async function mailStaffNotice(
  ctx: Pick<StaffAuthContext, 'email' | 'logger'>,
  email: string,
  notice: SecurityNotice,
): Promise<void> {
  await sendSecurityNotice(
    { email: ctx.email, sms: null, logger: ctx.logger },
    { email },
    notice,
    BRAND,
  );
}

/** The account's own security notices, newest first, with how many are unread. */
export async function listStaffNotices(
  db: Database,
  userId: string,
  limit = 20,
): Promise<{ items: StaffNotice[]; unread: number }> {
  return {
    items: await selectStaffNotices(db, userId, Math.min(Math.max(limit, 1), 100)),
    unread: await countUnreadStaffNotices(db, userId),
  };
}

export function markAllStaffNoticesRead(db: Database, userId: string): Promise<number> {
  return markStaffNoticesRead(db, userId);
}
