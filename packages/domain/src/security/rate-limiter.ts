/** At most `limit` hits in any `windowMs` (a sliding window). */
export interface RateLimitRule {
  /** Part of the storage key: keep it short and stable, e.g. 'code:dest:1m'. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** When refused: how long until the oldest hit leaves the window. */
  retryAfterMs: number;
}

/** Progressive lockout: `threshold` failures lock for `baseMs`, doubling per lock up to `maxMs`. */
export interface LockoutPolicy {
  name: string;
  threshold: number;
  baseMs: number;
  maxMs: number;
  /** How long failures and the lock level are remembered after the last failure. */
  memoryMs: number;
}

export interface LockoutState {
  /** Milliseconds until the lock lifts; 0 when not locked. */
  lockedForMs: number;
  /** Failures counted toward the next lock. */
  failures: number;
}

/**
 * Counters for rate limits and lockouts, in Redis on servers (shared by every process) and in
 * memory in embedded mode (one process). Keys are opaque strings chosen by the caller.
 */
export interface RateLimiter {
  readonly kind: 'redis' | 'memory';
  /** Counts one hit unless the window is full; a refused hit is not counted. */
  hit(rule: RateLimitRule, key: string): Promise<RateLimitResult>;
  /** Forgets the hits of one key (e.g. after a successful action). */
  reset(rule: RateLimitRule, key: string): Promise<void>;
  lockoutState(policy: LockoutPolicy, key: string): Promise<LockoutState>;
  /** Records a failure; returns the state after it (locked when it reached the threshold). */
  recordFailure(policy: LockoutPolicy, key: string): Promise<LockoutState>;
  /** Clears failures and the lock level, e.g. after a successful sign-in. */
  clearFailures(policy: LockoutPolicy, key: string): Promise<void>;
  close(): Promise<void>;
}
