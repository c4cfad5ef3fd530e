import { DomainError } from '../errors.js';
import { clockAfter, formatWait, LOCKOUTS } from './limits.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  generateRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
import { SecurityErrors } from './security.errors.js';
import { manualEntryKey, matchTotp, newTotpSecret, qrCodeSvg, totpKeyUri } from './totp.js';
import type { TwoFactorKeys } from './two-factor-keys.js';

// The mechanics of two-step verification, shared by console staff and shop customers. Each side
// supplies a TwoFactorStore over its own tables (SQL stays in its *.queries.ts) and wraps these
// in its transaction, audit log, lockouts and notices.

/** An enrolment not confirmed within this time starts over with a new secret. */
export const ENROLMENT_TTL_MS = 30 * 60 * 1000;

export interface TwoFactorRecord {
  enabledAt: Date | null;
  secretSealed: Uint8Array | null;
  lastUsedStep: number | null;
  pendingSecretSealed: Uint8Array | null;
  pendingCreatedAt: Date | null;
}

export interface TwoFactorStore {
  /** The account's row, locked for the rest of the transaction. */
  load(): Promise<TwoFactorRecord | undefined>;
  savePending(sealed: Uint8Array, at: Date): Promise<void>;
  /** The pending secret becomes the active one; `step` is the time step that confirmed it. */
  activate(at: Date, step: number): Promise<void>;
  /** Records a used time step; false when it (or a later one) was used before: a replay. */
  advanceStep(step: number): Promise<boolean>;
  replaceRecoveryCodes(hashes: Buffer[]): Promise<void>;
  /** Marks an unused code used; false when there is no such unused code. */
  useRecoveryCode(hash: Buffer, at: Date): Promise<boolean>;
  countRecoveryCodes(): Promise<number>;
  /** Two-step verification off: the secret, any enrolment and every recovery code go. */
  remove(): Promise<void>;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function readTwoFactorStatus(store: TwoFactorStore): Promise<TwoFactorStatus> {
  const row = await store.load();
  const enabled = Boolean(row?.enabledAt);
  return {
    enabled,
    enabledAt: row?.enabledAt ?? null,
    recoveryCodesLeft: enabled ? await store.countRecoveryCodes() : 0,
  };
}

/** What the enrolment page shows: the QR code, and the same secret for typing in by hand. */
export interface EnrolmentView {
  qrSvg: string;
  manualKey: string;
  uri: string;
  issuer: string;
  accountName: string;
}

/**
 * The enrolment in progress (a fresh one when there is none, or it is stale). Refused when
 * two-step verification is already on.
 */
export async function pendingEnrolment(
  store: TwoFactorStore,
  keys: TwoFactorKeys,
  context: string,
  label: { issuer: string; accountName: string },
  nowMs: number,
): Promise<EnrolmentView> {
  const row = await store.load();
  if (row?.enabledAt) throw alreadyEnabled();
  let secret: Uint8Array | null = null;
  if (
    row?.pendingSecretSealed &&
    row.pendingCreatedAt &&
    nowMs - row.pendingCreatedAt.getTime() < ENROLMENT_TTL_MS
  ) {
    secret = keys.unseal(row.pendingSecretSealed, context);
  }
  if (!secret) {
    secret = newTotpSecret();
    await store.savePending(keys.seal(secret, context), new Date(nowMs));
  }
  const uri = totpKeyUri(label.issuer, label.accountName, secret);
  return {
    uri,
    qrSvg: await qrCodeSvg(uri),
    manualKey: manualEntryKey(secret),
    issuer: label.issuer,
    accountName: label.accountName,
  };
}

export type EnrolmentOutcome =
  { kind: 'enabled'; recoveryCodes: string[] } | { kind: 'bad-code' } | { kind: 'no-enrolment' };

/** Turns two-step verification on when `code` is the current one for the pending secret. */
export async function completeEnrolment(
  store: TwoFactorStore,
  keys: TwoFactorKeys,
  context: string,
  code: string,
  nowMs: number,
): Promise<EnrolmentOutcome> {
  const row = await store.load();
  if (row?.enabledAt) throw alreadyEnabled();
  if (
    !row?.pendingSecretSealed ||
    !row.pendingCreatedAt ||
    nowMs - row.pendingCreatedAt.getTime() >= ENROLMENT_TTL_MS
  ) {
    return { kind: 'no-enrolment' };
  }
  const secret = keys.unseal(row.pendingSecretSealed, context);
  if (!secret) return { kind: 'no-enrolment' };
  const match = matchTotp(secret, code, nowMs, null);
  if (!match.ok) return { kind: 'bad-code' };
  // The step that confirmed it is used: the same code cannot also sign in.
  await store.activate(new Date(nowMs), match.step);
  return { kind: 'enabled', recoveryCodes: await newRecoveryCodes(store, keys, context) };
}

/** The recovery codes of an enrolment that went through; a refused one as the error to show. */
export function enrolledRecoveryCodes(outcome: EnrolmentOutcome): string[] {
  if (outcome.kind === 'no-enrolment') {
    throw new DomainError(SecurityErrors.TWO_FACTOR_EXPIRED, {
      userMessage: '二维码已过期，请重新扫描页面上的新二维码',
      status: 409,
    });
  }
  if (outcome.kind === 'bad-code') {
    throw new DomainError(SecurityErrors.TWO_FACTOR_INVALID, {
      userMessage: TWO_FACTOR_INVALID_MESSAGE,
      status: 400,
      details: { fieldErrors: { code: TWO_FACTOR_INVALID_MESSAGE } },
    });
  }
  return outcome.recoveryCodes;
}

/** Ten fresh recovery codes, replacing any before; shown once, stored hashed. */
export async function newRecoveryCodes(
  store: TwoFactorStore,
  keys: TwoFactorKeys,
  context: string,
): Promise<string[]> {
  const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  await store.replaceRecoveryCodes(
    codes.map((c) => keys.recoveryHash(normalizeRecoveryCode(c)!, context)),
  );
  return codes;
}

export type SecondFactorInput = { code: string } | { recoveryCode: string };

export type SecondFactorOutcome =
  | { ok: true; method: 'totp' | 'recovery_code'; recoveryCodesLeft: number }
  | { ok: false; reason: 'not-enabled' | 'wrong' | 'replay' };

/** Checks an authenticator code (once per time step) or a recovery code (once ever). */
export async function checkSecondFactor(
  store: TwoFactorStore,
  keys: TwoFactorKeys,
  context: string,
  input: SecondFactorInput,
  nowMs: number,
): Promise<SecondFactorOutcome> {
  const row = await store.load();
  if (!row?.enabledAt || !row.secretSealed) return { ok: false, reason: 'not-enabled' };
  if ('recoveryCode' in input) {
    const normalized = normalizeRecoveryCode(input.recoveryCode);
    if (!normalized) return { ok: false, reason: 'wrong' };
    const used = await store.useRecoveryCode(
      keys.recoveryHash(normalized, context),
      new Date(nowMs),
    );
    if (!used) return { ok: false, reason: 'wrong' };
    return {
      ok: true,
      method: 'recovery_code',
      recoveryCodesLeft: await store.countRecoveryCodes(),
    };
  }
  const secret = keys.unseal(row.secretSealed, context);
  if (!secret) throw new Error(`two-step secret of ${context} does not open with this APP_SECRET`);
  const match = matchTotp(secret, input.code, nowMs, row.lastUsedStep);
  if (!match.ok) return { ok: false, reason: match.replay ? 'replay' : 'wrong' };
  // The row is locked, so this only fails when another transaction won the same step first.
  if (!(await store.advanceStep(match.step))) return { ok: false, reason: 'replay' };
  return { ok: true, method: 'totp', recoveryCodesLeft: await store.countRecoveryCodes() };
}

export const TWO_FACTOR_INVALID_MESSAGE =
  '验证码不正确或已使用过，请输入验证器 App 上当前显示的 6 位数字';
export const RECOVERY_CODE_INVALID_MESSAGE = '恢复码不正确或已使用过';

export function secondFactorError(input: SecondFactorInput, lockedForMs: number): DomainError {
  if (lockedForMs > 0) return twoFactorLockedError(lockedForMs);
  const field = 'recoveryCode' in input ? 'recoveryCode' : 'code';
  const message =
    'recoveryCode' in input ? RECOVERY_CODE_INVALID_MESSAGE : TWO_FACTOR_INVALID_MESSAGE;
  return new DomainError(SecurityErrors.TWO_FACTOR_INVALID, {
    userMessage: message,
    status: 400,
    details: { fieldErrors: { [field]: message } },
  });
}

export function twoFactorLockedError(lockedForMs: number): DomainError {
  return new DomainError(SecurityErrors.LOCKED_OUT, {
    message: `two-step verification locked for ${lockedForMs} ms`,
    userMessage: `验证码错误次数过多，已暂时锁定。请 ${formatWait(lockedForMs)}后（北京时间 ${clockAfter(lockedForMs)} 之后）再试；手机不在身边时可以使用恢复码。`,
    status: 429,
    details: { retryAfterMs: lockedForMs },
  });
}

/** Refuses while the account's second factor (or the address) is locked after failures. */
export async function assertTwoFactorNotLocked(
  limiter: RateLimiter,
  accountKey: string,
  ip: string | null,
): Promise<void> {
  const account = await limiter.lockoutState(LOCKOUTS.twoFactor, accountKey);
  const address = ip ? await limiter.lockoutState(LOCKOUTS.ip, ip) : { lockedForMs: 0 };
  const wait = Math.max(account.lockedForMs, address.lockedForMs);
  if (wait > 0) throw twoFactorLockedError(wait);
}

/** Counts a wrong second factor against the account and the address; returns the lock, if any. */
export async function recordTwoFactorFailure(
  limiter: RateLimiter,
  accountKey: string,
  ip: string | null,
): Promise<number> {
  const account = await limiter.recordFailure(LOCKOUTS.twoFactor, accountKey);
  const address = ip ? await limiter.recordFailure(LOCKOUTS.ip, ip) : { lockedForMs: 0 };
  return Math.max(account.lockedForMs, address.lockedForMs);
}

function alreadyEnabled(): DomainError {
  return new DomainError(SecurityErrors.TWO_FACTOR_STATE, {
    userMessage: '两步验证已经开启。如需更换手机，请先关闭再重新开启。',
    status: 409,
  });
}

export function notEnabledError(): DomainError {
  return new DomainError(SecurityErrors.TWO_FACTOR_STATE, {
    userMessage: '你还没有开启两步验证',
    status: 409,
  });
}
