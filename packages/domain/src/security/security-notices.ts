import type { Logger } from '../logger.js';
import type { EmailSender, SmsSender } from '../messaging/messaging.js';

/** Security notices to an account holder: one in-site notice, plus mail and/or SMS. */
export const SECURITY_NOTICE_TITLES = {
  password_changed: '登录密码已修改',
  two_factor_enabled: '两步验证已开启',
  two_factor_disabled: '两步验证已关闭',
  recovery_codes_regenerated: '恢复码已重新生成',
  recovery_code_used: '使用恢复码登录',
  phone_changed: '绑定手机号已更换',
  email_changed: '绑定邮箱已更换',
  payout_account_changed: '收款账户已变更',
  codes_exported: '卡密已导出',
  api_key_created: 'API 密钥已创建',
} as const;

export type SecurityNoticeKind = keyof typeof SECURITY_NOTICE_TITLES;

export interface SecurityNotice {
  kind: SecurityNoticeKind;
  title: string;
  body: string;
}

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
 * The notice's words: what happened, when (Beijing time), from where, and what to do when it was
 * not them. `contact` is who to turn to (the shop's service for customers, the platform for staff).
 */
export function composeSecurityNotice(
  kind: SecurityNoticeKind,
  input: { at: Date; ip: string | null; detail?: string; contact: string },
): SecurityNotice {
  const title = SECURITY_NOTICE_TITLES[kind];
  const where = input.ip ? `，操作 IP：${input.ip}` : '';
  const detail = input.detail ? `${input.detail}` : '';
  return {
    kind,
    title,
    body: `你的账号于北京时间 ${beijing.format(input.at)} ${title}${where}。${detail}如果这不是你本人的操作，请立即修改密码、检查登录设备，并${input.contact}。`,
  };
}

/**
 * Mails and texts a notice after the change committed. Best effort, channel by channel: a provider
 * that fails is logged and never undoes the change (the in-site notice is already written).
 */
export async function sendSecurityNotice(
  senders: { email: EmailSender; sms: SmsSender | null; logger?: Logger | undefined },
  to: { email?: string | null; phone?: string | null },
  notice: SecurityNotice,
  brand: string,
): Promise<void> {
  if (to.email) {
    try {
      await senders.email.send({
        to: to.email,
        subject: `【${brand}】账号安全提醒：${notice.title}`,
        text: `${notice.body}\n\n这是一封自动发送的安全提醒，无需回复。`,
      });
    } catch (error) {
      senders.logger?.warn({ err: error, kind: notice.kind }, 'security notice mail failed');
    }
  }
  if (to.phone && senders.sms?.sendsNotices) {
    try {
      // Providers send approved templates only: `notice` names what happened for a notice template.
      await senders.sms.send(to.phone, `【${brand}】${notice.body}`, { notice: notice.title });
    } catch (error) {
      senders.logger?.warn({ err: error, kind: notice.kind }, 'security notice SMS failed');
    }
  }
}
