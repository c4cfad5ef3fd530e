import { DomainError } from '../errors.js';
import { SecurityErrors } from './security.errors.js';

/**
 * Second confirmation ("sudo mode"): a sensitive operation goes through only when the person
 * proved it was them again (password, or a fresh authenticator / SMS / email code) within this
 * window, recorded on the session row (confirmed_at). Signing in does not count.
 */
export const RECENT_CONFIRMATION_MS = 5 * 60 * 1000;

/**
 * Every sensitive operation, with what it does in the words the confirmation page shows. Add an
 * entry here for a new one (and `security.action.<key>` in @cardshop/ui's messages), then call
 * requireStaffRecentConfirmation / requireCustomerRecentConfirmation first thing in its use-case.
 */
export const SENSITIVE_ACTIONS = {
  change_password: {
    label: '修改登录密码',
    effect: '修改后，除当前设备外的所有设备都会退出登录。',
  },
  disable_two_factor: {
    label: '关闭两步验证',
    effect: '关闭后，登录只需要密码（或短信验证码），恢复码全部作废。',
  },
  regenerate_recovery_codes: {
    label: '重新生成恢复码',
    effect: '生成新的 10 个恢复码，原来的恢复码立即作废。',
  },
  change_phone: {
    label: '更换手机号',
    effect: '更换后，新手机号用于登录和接收验证码，原手机号不能再登录这个账号。',
  },
  change_email: {
    label: '更换邮箱',
    effect: '更换后，新邮箱用于登录和接收验证码，原邮箱不能再登录这个账号。',
  },
  withdraw: { label: '申请提现', effect: '提现申请提交后，资金将转到你的收款账户。' },
  link_identity: {
    label: '绑定微信或 QQ',
    effect: '绑定后，用这个微信或 QQ 就能直接登录你的账号，不需要密码。',
  },
  bind_payout_account: {
    label: '绑定或更换收款账户',
    effect: '提现的钱会转到这个账户。保存后，店主和财务成员都会收到安全提醒。',
  },
  export_codes: {
    label: '导出卡密',
    effect:
      '导出的文件里是能直接使用的卡密明文，谁拿到文件谁就能用。请只保存在自己的电脑上，用完删除。',
  },
  create_api_key: {
    label: '创建 API 密钥',
    effect:
      '拿到密钥的程序可以从任何地方读取店铺的订单和商品，直到密钥被撤销。创建后，店主会收到安全提醒。',
  },
} as const satisfies Record<string, { label: string; effect: string }>;

export type SensitiveAction = keyof typeof SENSITIVE_ACTIONS;

export function isSensitiveAction(value: unknown): value is SensitiveAction {
  return typeof value === 'string' && Object.hasOwn(SENSITIVE_ACTIONS, value);
}

/** When the current confirmation runs out, or null when there is none in force. */
export function confirmationExpiresAt(confirmedAt: Date | null, nowMs: number): Date | null {
  if (!confirmedAt) return null;
  const until = confirmedAt.getTime() + RECENT_CONFIRMATION_MS;
  return until > nowMs ? new Date(until) : null;
}

export function isRecentlyConfirmed(confirmedAt: Date | null, nowMs: number): boolean {
  return confirmationExpiresAt(confirmedAt, nowMs) !== null;
}

/**
 * Refuses (403, CONFIRMATION_REQUIRED) unless the session confirmed within the window. Call it
 * inside the operation's transaction, before anything changes, with the session's confirmed_at
 * read in that transaction.
 */
export function assertRecentlyConfirmed(
  confirmedAt: Date | null,
  action: SensitiveAction,
  nowMs: number,
): void {
  if (isRecentlyConfirmed(confirmedAt, nowMs)) return;
  const { label } = SENSITIVE_ACTIONS[action];
  throw new DomainError(SecurityErrors.CONFIRMATION_REQUIRED, {
    message: `${action} needs a confirmation within ${RECENT_CONFIRMATION_MS} ms`,
    userMessage: `${label}是敏感操作，需要先验证身份：请输入密码或验证码确认是你本人（验证后 ${RECENT_CONFIRMATION_MS / 60_000} 分钟内有效）。本次操作未执行。`,
    status: 403,
    details: { action },
  });
}
