import { randomBytes } from 'node:crypto';
import type { TwoFactorKeys } from './two-factor-keys.js';

/** How long the second step may take after a correct password (or SMS code). */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;

/**
 * "The first factor was right; the second is still due." Carried in a short-lived HttpOnly
 * cookie, signed (not stored): no session exists until the second step succeeds.
 */
export interface PendingSignIn {
  audience: 'staff' | 'customer';
  subjectId: string;
  /** The shop, for a customer: a pending sign-in of shop A means nothing in shop B. */
  tenantId: string | null;
  remember: boolean;
  /** How the first factor was proved: a password, an SMS/email code, or WeChat / QQ. */
  method: 'password' | 'code' | 'wechat' | 'qq';
  expiresAt: number;
  /** Unique per sign-in, so a finished one can be refused if it is replayed. */
  nonce: string;
}

export function issuePendingSignIn(
  keys: TwoFactorKeys,
  data: Omit<PendingSignIn, 'expiresAt' | 'nonce'>,
  nowMs: number,
): { token: string; pending: PendingSignIn } {
  const pending: PendingSignIn = {
    ...data,
    expiresAt: nowMs + PENDING_SIGN_IN_TTL_MS,
    nonce: randomBytes(12).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
  return { token: `${body}.${keys.sign(body).toString('base64url')}`, pending };
}

/** The pending sign-in behind a token, or null when it is forged, garbled or expired. */
export function readPendingSignIn(
  keys: TwoFactorKeys,
  token: string | null | undefined,
  nowMs: number,
): PendingSignIn | null {
  if (!token || token.length > 1000) return null;
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return null;
  if (!keys.verify(body, Buffer.from(signature, 'base64url'))) return null;
  let parsed: PendingSignIn;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
  } catch {
    return null;
  }
  if (typeof parsed.expiresAt !== 'number' || parsed.expiresAt <= nowMs) return null;
  if (parsed.audience !== 'staff' && parsed.audience !== 'customer') return null;
  return parsed;
}
