import { DomainError } from '../errors.js';
import type { LockoutPolicy, RateLimiter, RateLimitRule } from './rate-limiter.js';
import { SecurityErrors } from './security.errors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every rate limit in one place, so they can be read and tuned together. */
export const RATE_LIMITS = {
  /** Sign-in attempts (password or code) from one address. */
  signInPerIp: { name: 'signin:ip', limit: 30, windowMs: 10 * MINUTE },
  /** Codes to one phone number or email address. */
  codePerDestinationMinute: { name: 'code:dest:1m', limit: 1, windowMs: MINUTE },
  codePerDestinationHour: { name: 'code:dest:1h', limit: 5, windowMs: HOUR },
  /** Codes requested from one address, to any destination. */
  codePerIpMinute: { name: 'code:ip:1m', limit: 3, windowMs: MINUTE },
  codePerIpHour: { name: 'code:ip:1h', limit: 10, windowMs: HOUR },
  /** Accounts created from one address. */
  registerPerIp: { name: 'register:ip', limit: 10, windowMs: HOUR },
  /** Password resets (code checks) from one address. */
  passwordResetPerIp: { name: 'reset:ip', limit: 10, windowMs: HOUR },
  /** Guest order lookups from one address. */
  orderLookupPerIp: { name: 'lookup:ip', limit: 20, windowMs: 10 * MINUTE },
  /** Card-code exports (files of live codes): by one person, and from one supplier. */
  codeExportPerUser: { name: 'codes:export:user', limit: 10, windowMs: HOUR },
  codeExportPerSupplier: { name: 'codes:export:supplier', limit: 50, windowMs: 24 * HOUR },
  /** Requests to the public API with one key. */
  apiPerKey: { name: 'api:key', limit: 120, windowMs: MINUTE },
} satisfies Record<string, RateLimitRule>;

/**
 * Progressive lockout after failed sign-ins: 5 failures for one account lock it for 1 minute, the
 * next 5 for 2, then 4 ... up to an hour. An address gets more room (10) because many people share
 * one behind a carrier's NAT.
 */
export const LOCKOUTS = {
  account: {
    name: 'signin:acct',
    threshold: 5,
    baseMs: MINUTE,
    maxMs: HOUR,
    memoryMs: 24 * HOUR,
  },
  ip: { name: 'signin:ip', threshold: 10, baseMs: MINUTE, maxMs: HOUR, memoryMs: 24 * HOUR },
  /**
   * Wrong authenticator or recovery codes for one account (the sign-in's second step and second
   * confirmations): 5 lock it like passwords do. With 3 live codes of 10^6, guessing is hopeless.
   */
  twoFactor: {
    name: '2fa:acct',
    threshold: 5,
    baseMs: MINUTE,
    maxMs: HOUR,
    memoryMs: 24 * HOUR,
  },
} satisfies Record<string, LockoutPolicy>;

/** "45 秒", "3 分钟", "1 小时" (rounded up, so the person never comes back too early). */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} 秒`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} 分钟`;
  return `${Math.ceil(minutes / 60)} 小时`;
}

const beijingClock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Beijing time, e.g. "21:35", when the wait is over. */
export function clockAfter(ms: number, now = Date.now()): string {
  return beijingClock.format(new Date(now + Math.ceil(ms / 60_000) * 60_000));
}

/**
 * Counts one hit against each rule (in order) and refuses at the first full window.
 * `what` names the action in the message, e.g. '获取验证码'.
 */
export async function enforceRateLimits(
  limiter: RateLimiter,
  checks: Array<{ rule: RateLimitRule; key: string | null | undefined }>,
  what: string,
): Promise<void> {
  for (const { rule, key } of checks) {
    // No key (e.g. no client address behind a misconfigured proxy): that rule cannot apply.
    if (!key) continue;
    const result = await limiter.hit(rule, key);
    if (!result.allowed) {
      throw new DomainError(SecurityErrors.RATE_LIMITED, {
        message: `rate limit ${rule.name} for ${key}`,
        userMessage: `${what}过于频繁，请 ${formatWait(result.retryAfterMs)}后再试`,
        status: 429,
        details: { retryAfterMs: result.retryAfterMs, rule: rule.name },
      });
    }
  }
}

export function lockedOutError(lockedForMs: number, subject: 'account' | 'ip'): DomainError {
  return new DomainError(SecurityErrors.LOCKED_OUT, {
    message: `sign-in locked (${subject}) for ${lockedForMs} ms`,
    userMessage: `登录失败次数过多，已暂时锁定。请 ${formatWait(lockedForMs)}后（北京时间 ${clockAfter(lockedForMs)} 之后）再试，或使用验证码登录、找回密码。`,
    status: 429,
    details: { retryAfterMs: lockedForMs },
  });
}

/** Keys for the sign-in lockout of one shop's account and of one client address. */
export function signInLockKeys(tenantId: string, identifier: string, ip: string | null) {
  return { account: `${tenantId}:${identifier}`, ip };
}

/** Refuses when the account or the address is locked, with the longer of the two waits. */
export async function assertNotLockedOut(
  limiter: RateLimiter,
  keys: { account: string; ip: string | null },
): Promise<void> {
  const account = await limiter.lockoutState(LOCKOUTS.account, keys.account);
  const ip = keys.ip ? await limiter.lockoutState(LOCKOUTS.ip, keys.ip) : { lockedForMs: 0 };
  const wait = Math.max(account.lockedForMs, ip.lockedForMs);
  if (wait > 0)
    throw lockedOutError(wait, account.lockedForMs >= ip.lockedForMs ? 'account' : 'ip');
}

/** Counts one failed sign-in against the account and the address; returns the longer lock. */
export async function recordSignInFailure(
  limiter: RateLimiter,
  keys: { account: string; ip: string | null },
): Promise<number> {
  const account = await limiter.recordFailure(LOCKOUTS.account, keys.account);
  const ip = keys.ip ? await limiter.recordFailure(LOCKOUTS.ip, keys.ip) : { lockedForMs: 0 };
  return Math.max(account.lockedForMs, ip.lockedForMs);
}
