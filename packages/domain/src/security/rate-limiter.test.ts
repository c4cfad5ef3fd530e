import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { TEST_REDIS_URL } from '../testing/index.js';
import {
  formatWait,
  enforceRateLimits,
  assertNotLockedOut,
  recordSignInFailure,
  LOCKOUTS,
} from './limits.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import type { LockoutPolicy, RateLimiter, RateLimitRule } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import { createRateLimiter } from './create-rate-limiter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => randomUUID().slice(0, 8);

const limiters: Array<[string, RateLimiter]> = [
  ['in memory', createMemoryRateLimiter()],
  ['on Redis', createRedisRateLimiter({ url: TEST_REDIS_URL, prefix: `rltest-${key()}` })],
];
afterAll(async () => {
  for (const [, limiter] of limiters) await limiter.close();
});

describe.each(limiters)('rate limiter %s', (_name, limiter) => {
  const rule: RateLimitRule = { name: 'test:window', limit: 3, windowMs: 400 };

  test('allows up to the limit in a window, then refuses with the time until a slot frees', async () => {
    const k = key();
    for (let i = 0; i < 3; i++) expect((await limiter.hit(rule, k)).allowed).toBe(true);
    const refused = await limiter.hit(rule, k);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(400);
    // Another key is counted apart.
    expect((await limiter.hit(rule, key())).allowed).toBe(true);
  });

  test('the window slides: old hits age out', async () => {
    const k = key();
    for (let i = 0; i < 3; i++) await limiter.hit(rule, k);
    expect((await limiter.hit(rule, k)).allowed).toBe(false);
    await sleep(450);
    expect((await limiter.hit(rule, k)).allowed).toBe(true);
  });

  test('reset forgets the hits of one key', async () => {
    const k = key();
    for (let i = 0; i < 3; i++) await limiter.hit(rule, k);
    await limiter.reset(rule, k);
    expect((await limiter.hit(rule, k)).allowed).toBe(true);
  });

  const policy: LockoutPolicy = {
    name: 'test:lock',
    threshold: 2,
    baseMs: 150,
    maxMs: 400,
    memoryMs: 5000,
  };

  test('lockout doubles with each lock and stops at the maximum', async () => {
    const k = key();
    expect(await limiter.recordFailure(policy, k)).toEqual({ lockedForMs: 0, failures: 1 });
    const first = await limiter.recordFailure(policy, k);
    expect(first.lockedForMs).toBeGreaterThan(100);
    expect(first.lockedForMs).toBeLessThanOrEqual(150);
    // While locked, failures are not counted and the lock does not grow.
    expect((await limiter.recordFailure(policy, k)).lockedForMs).toBeLessThanOrEqual(150);
    await sleep(170);
    expect((await limiter.lockoutState(policy, k)).lockedForMs).toBe(0);
    await limiter.recordFailure(policy, k);
    const second = await limiter.recordFailure(policy, k);
    expect(second.lockedForMs).toBeGreaterThan(250);
    expect(second.lockedForMs).toBeLessThanOrEqual(300);
    await sleep(320);
    await limiter.recordFailure(policy, k);
    const third = await limiter.recordFailure(policy, k);
    expect(third.lockedForMs).toBeGreaterThan(350);
    expect(third.lockedForMs).toBeLessThanOrEqual(400);
  });

  test('clearing failures lifts the lock and resets the level', async () => {
    const k = key();
    await limiter.recordFailure(policy, k);
    await limiter.recordFailure(policy, k);
    expect((await limiter.lockoutState(policy, k)).lockedForMs).toBeGreaterThan(0);
    await limiter.clearFailures(policy, k);
    expect(await limiter.lockoutState(policy, k)).toEqual({ lockedForMs: 0, failures: 0 });
  });
});

describe('limits', () => {
  test('a refused hit says in Chinese what was refused and when to come back', async () => {
    const limiter = createMemoryRateLimiter();
    const rule = { name: 'x', limit: 1, windowMs: 60_000 };
    await enforceRateLimits(limiter, [{ rule, key: 'a' }], '获取验证码');
    await expect(
      enforceRateLimits(limiter, [{ rule, key: 'a' }], '获取验证码'),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      userMessage: expect.stringMatching(/^获取验证码过于频繁，请 (1 分钟|59 秒)后再试$/),
    });
    // A rule without a key (no client address) does not apply.
    await enforceRateLimits(limiter, [{ rule, key: null }], '获取验证码');
  });

  test('five failures lock an account for a minute, with a message saying when to try again', async () => {
    const limiter = createMemoryRateLimiter();
    const keys = { account: 'shop:13900000000', ip: '203.0.113.1' };
    for (let i = 0; i < 4; i++) expect(await recordSignInFailure(limiter, keys)).toBe(0);
    expect(await recordSignInFailure(limiter, keys)).toBe(LOCKOUTS.account.baseMs);
    await expect(assertNotLockedOut(limiter, keys)).rejects.toMatchObject({
      code: 'LOCKED_OUT',
      status: 429,
      userMessage: expect.stringMatching(
        /登录失败次数过多，已暂时锁定。请 1 分钟后（北京时间 \d\d:\d\d 之后）再试/,
      ),
    });
  });

  test('waits are rounded up into seconds, minutes or hours', () => {
    expect(formatWait(200)).toBe('1 秒');
    expect(formatWait(45_000)).toBe('45 秒');
    expect(formatWait(60_000)).toBe('1 分钟');
    expect(formatWait(61_000)).toBe('2 分钟');
    expect(formatWait(3_600_000)).toBe('1 小时');
  });

  test('createRateLimiter picks Redis when REDIS_URL is set, memory otherwise', async () => {
    const redis = createRateLimiter({ env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: 'x' } });
    const memory = createRateLimiter({ env: { REDIS_URL: undefined, REDIS_PREFIX: 'x' } });
    expect([redis.kind, memory.kind]).toEqual(['redis', 'memory']);
    await redis.close();
    await memory.close();
  });
});
