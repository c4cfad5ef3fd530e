import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LockoutPolicy, RateLimiter, RateLimitRule } from './rate-limiter.js';

// Both scripts read the clock from Redis (TIME), so every app process agrees on it, and run
// atomically, so two racing requests cannot both take the last slot of a window.

/** Sliding window on a sorted set of hit times. Returns {allowed (1/0), retryAfterMs}. */
const HIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(oldest[2]) + window - now}
end
redis.call('ZADD', KEYS[1], now, now .. '-' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

/** Counts a failure unless locked; locks for base * 2^(level-1) (capped) at the threshold. */
const FAIL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local threshold = tonumber(ARGV[1])
local base = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local memory = tonumber(ARGV[4])
local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if untilAt > now then
  return {untilAt - now, tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')}
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures >= threshold then
  local level = redis.call('HINCRBY', KEYS[1], 'level', 1)
  untilAt = now + math.min(base * 2 ^ (level - 1), max)
  redis.call('HSET', KEYS[1], 'until', untilAt, 'failures', 0)
  failures = 0
end
redis.call('PEXPIRE', KEYS[1], math.max(untilAt, now) - now + memory)
return {math.max(untilAt - now, 0), failures}
`;

const STATE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
return {math.max(untilAt - now, 0), tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')}
`;

export function createRedisRateLimiter(options: { url: string; prefix: string }): RateLimiter {
  const redis = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const windowKey = (rule: RateLimitRule, key: string) =>
    `${options.prefix}:rl:${rule.name}:${key}`;
  const lockKey = (policy: LockoutPolicy, key: string) =>
    `${options.prefix}:lock:${policy.name}:${key}`;

  return {
    kind: 'redis',
    async hit(rule, key) {
      const [allowed, retryAfterMs] = (await redis.eval(
        HIT,
        1,
        windowKey(rule, key),
        rule.windowMs,
        rule.limit,
        randomBytes(6).toString('hex'),
      )) as [number, number];
      return { allowed: allowed === 1, retryAfterMs: Math.max(0, retryAfterMs) };
    },
    async reset(rule, key) {
      await redis.del(windowKey(rule, key));
    },
    async lockoutState(policy, key) {
      const [lockedForMs, failures] = (await redis.eval(STATE, 1, lockKey(policy, key))) as [
        number,
        number,
      ];
      return { lockedForMs, failures };
    },
    async recordFailure(policy, key) {
      const [lockedForMs, failures] = (await redis.eval(
        FAIL,
        1,
        lockKey(policy, key),
        policy.threshold,
        policy.baseMs,
        policy.maxMs,
        policy.memoryMs,
      )) as [number, number];
      return { lockedForMs, failures };
    },
    async clearFailures(policy, key) {
      await redis.del(lockKey(policy, key));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
