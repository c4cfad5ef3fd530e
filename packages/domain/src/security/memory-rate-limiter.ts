import type { LockoutPolicy, LockoutState, RateLimiter, RateLimitRule } from './rate-limiter.js';

interface Lock {
  failures: number;
  level: number;
  until: number;
  forgetAt: number;
}

/** One process's counters, for embedded mode and tests. Same semantics as the Redis limiter. */
export function createMemoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const windows = new Map<string, number[]>();
  const locks = new Map<string, Lock>();
  let calls = 0;

  function sweep(at: number) {
    // Drop idle entries now and then so a long-running process does not grow without bound.
    if (++calls % 1000 !== 0) return;
    for (const [key, hits] of windows)
      if (!hits.length || hits.at(-1)! < at - 86_400_000) windows.delete(key);
    for (const [key, lock] of locks) if (lock.forgetAt <= at) locks.delete(key);
  }

  function lockOf(policy: LockoutPolicy, key: string, at: number): Lock | undefined {
    const id = `${policy.name}:${key}`;
    const lock = locks.get(id);
    if (lock && lock.forgetAt <= at) {
      locks.delete(id);
      return undefined;
    }
    return lock;
  }

  const state = (lock: Lock | undefined, at: number): LockoutState => ({
    lockedForMs: lock ? Math.max(0, lock.until - at) : 0,
    failures: lock?.failures ?? 0,
  });

  return {
    kind: 'memory',
    async hit(rule: RateLimitRule, key: string) {
      const at = now();
      sweep(at);
      const id = `${rule.name}:${key}`;
      const hits = (windows.get(id) ?? []).filter((t) => t > at - rule.windowMs);
      if (hits.length >= rule.limit) {
        windows.set(id, hits);
        return { allowed: false, retryAfterMs: hits[0]! + rule.windowMs - at };
      }
      hits.push(at);
      windows.set(id, hits);
      return { allowed: true, retryAfterMs: 0 };
    },
    async reset(rule, key) {
      windows.delete(`${rule.name}:${key}`);
    },
    async lockoutState(policy, key) {
      const at = now();
      return state(lockOf(policy, key, at), at);
    },
    async recordFailure(policy, key) {
      const at = now();
      sweep(at);
      const lock = lockOf(policy, key, at) ?? { failures: 0, level: 0, until: 0, forgetAt: 0 };
      if (lock.until > at) return state(lock, at);
      lock.failures += 1;
      if (lock.failures >= policy.threshold) {
        lock.level += 1;
        lock.until = at + Math.min(policy.baseMs * 2 ** (lock.level - 1), policy.maxMs);
        lock.failures = 0;
      }
      lock.forgetAt = Math.max(at, lock.until) + policy.memoryMs;
      locks.set(`${policy.name}:${key}`, lock);
      return state(lock, at);
    },
    async clearFailures(policy, key) {
      locks.delete(`${policy.name}:${key}`);
    },
    async close() {
      windows.clear();
      locks.clear();
    },
  };
}
