import { asStaffUser, type Database } from '@cardshop/db';
import type { Logger } from '../logger.js';
import type { EmailSender } from '../messaging/messaging.js';
import type { RateLimiter } from '../security/rate-limiter.js';
import { twoFactorKeys, type TwoFactorKeys } from '../security/two-factor-keys.js';
import { staffHoldsMoneyRole } from './staff-security.queries.js';

/** One console request: what sign-in and account security need, and who is asking from where. */
export interface StaffAuthContext {
  db: Database;
  rateLimiter: RateLimiter;
  email: EmailSender;
  keys: TwoFactorKeys;
  logger?: Logger | undefined;
  ip: string | null;
  userAgent: string | null;
  /** The clock (tests pass their own to move time). */
  now: () => number;
}

/** A signed-in console session: whose, and which. */
export interface StaffAuth {
  userId: string;
  sessionId: string;
}

export function staffAuthContext(
  runtime: {
    db: Database;
    rateLimiter: RateLimiter;
    email: EmailSender;
    env: { APP_SECRET: string };
    logger?: Logger;
  },
  request: { ip: string | null; userAgent: string | null },
  now: () => number = Date.now,
): StaffAuthContext {
  return {
    db: runtime.db,
    rateLimiter: runtime.rateLimiter,
    email: runtime.email,
    keys: twoFactorKeys(runtime.env.APP_SECRET),
    logger: runtime.logger,
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 400) ?? null,
    now,
  };
}

/** The AES-GCM associated data and recovery-code binding of a console account. */
export function staffSecretContext(userId: string): string {
  return `staff:${userId}`;
}

/**
 * Whether this console account must use two-step verification: platform staff (they see every
 * shop) and anyone who can withdraw money (owner or finance of a shop or supplier). Everyone
 * else may turn it on.
 */
export async function staffTwoFactorRequired(
  db: Database,
  user: { id: string; platformRole: string | null },
): Promise<boolean> {
  if (user.platformRole) return true;
  return asStaffUser(db, user.id, (trx) => staffHoldsMoneyRole(trx, user.id));
}
