import type { Database } from '@cardshop/db';
import { mailStaffNotice } from '../identity/staff-notices.js';
import { insertStaffNotice } from '../identity/staff-security.queries.js';
import type { Logger } from '../logger.js';
import type { EmailSender } from '../messaging/messaging.js';
import {
  SECURITY_NOTICE_TITLES,
  type SecurityNotice,
  type SecurityNoticeKind,
} from '../security/security-notices.js';

/**
 * Security notices to a team rather than to one account holder: a sensitive operation on a shop or
 * supplier (its payout account changed, its codes exported) tells the members who answer for its
 * money or stock, whoever did it. One in-site notice each in the transaction of the change, then
 * a mail each after commit.
 */

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * "北京时间 2026/11/26 20:15，<what>（操作 IP：…）。<advice>": when, what happened and who did
 * it, and what to do if nobody on the team meant it.
 */
export function composeTeamNotice(
  kind: SecurityNoticeKind,
  input: { at: Date; ip: string | null; what: string; advice: string },
): SecurityNotice {
  const where = input.ip ? `（操作 IP：${input.ip}）` : '';
  return {
    kind,
    title: SECURITY_NOTICE_TITLES[kind],
    body: `北京时间 ${beijing.format(input.at)}，${input.what}${where}。${input.advice}`,
  };
}

export interface NoticeRecipient {
  userId: string;
  email: string;
}

export async function recordTeamNotice(
  trx: Database,
  recipients: NoticeRecipient[],
  notice: SecurityNotice,
): Promise<void> {
  for (const r of recipients) {
    await insertStaffNotice(trx, {
      userId: r.userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
    });
  }
}

/** After commit, best effort: a mail that fails is logged and undoes nothing. */
export async function mailTeamNotice(
  ctx: { email: EmailSender; logger?: Logger | undefined },
  recipients: NoticeRecipient[],
  notice: SecurityNotice,
): Promise<void> {
  for (const r of recipients) await mailStaffNotice(ctx, r.email, notice);
}
