import type { StaffRole } from '@cardshop/db';
import type { Logger } from '../logger.js';
import type { EmailSender } from '../messaging/messaging.js';
import { permissionLabel, permissionsOf, roleLabel, type TeamKind } from './permissions.js';

/** An invitation lives 7 days from when it was (last) sent. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The console page that accepts an invitation; the token is the whole credential. */
export function invitationLink(consoleOrigin: string, token: string): string {
  return `${consoleOrigin.replace(/\/$/, '')}/invitations/${token}`;
}

const beijingTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export interface InvitationEmail {
  to: string;
  kind: TeamKind;
  teamName: string;
  role: StaffRole;
  inviterName: string;
  inviterEmail: string;
  link: string;
  expiresAt: Date;
}

export function invitationEmailText(message: InvitationEmail) {
  const where = `${message.kind === 'shop' ? '店铺' : '供货商'}「${message.teamName}」`;
  const role = roleLabel(message.kind, message.role);
  const can = permissionsOf(message.kind, message.role)
    .map((p) => permissionLabel(message.kind, p))
    .join('、');
  return {
    subject: `${message.inviterName} 邀请你加入${where}的后台团队`,
    text: [
      '你好，',
      '',
      `${message.inviterName}（${message.inviterEmail}）邀请你以「${role}」身份加入${where}的后台团队。${role}可以：${can}。`,
      '',
      `接受邀请：${message.link}`,
      '',
      `链接在 ${beijingTime.format(message.expiresAt)}（北京时间）前有效，只能使用一次。已有控制台账号的，用这个邮箱的账号接受即可；还没有的，打开链接设置姓名和密码。`,
      '',
      '如果你不认识邀请人或不想加入，忽略这封邮件即可，不会有任何变化。',
    ].join('\n'),
  };
}

/**
 * Sends the invitation. A mail server that fails does not undo the invitation: the answer is
 * false, and the team page offers to send it again.
 */
export async function sendInvitationEmail(
  sender: EmailSender,
  message: InvitationEmail,
  logger?: Logger,
): Promise<boolean> {
  const { subject, text } = invitationEmailText(message);
  try {
    await sender.send({ to: message.to, subject, text });
    return true;
  } catch (error) {
    logger?.warn({ err: error, to: message.to }, 'staff invitation email failed');
    return false;
  }
}
