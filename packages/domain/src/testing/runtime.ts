import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '@cardshop/db/testing';
import type { Database } from '@cardshop/db';
import { loadEnv } from '../config/env.js';
import { createLogger } from '../logger.js';
import { createRuntime, type Runtime } from '../runtime.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A whole Runtime for this test file, as production wires it: its own PostgreSQL database (the
 * app role), BullMQ on the real Redis under a prefix of its own, removed afterwards.
 */
export function useTestRuntime(overrides: Record<string, string> = {}) {
  const ctx = {} as { runtime: Runtime; db: Database; owner: Database; handle: TestDatabase };
  const prefix = `cstest-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    ctx.handle = await createTestDatabase();
    const env = loadEnv({
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cardshop-test-')),
      DATABASE_URL: ctx.handle.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      APP_SECRET: 'test-secret-'.padEnd(40, 'x'),
      CARD_CODE_KEYS: `test1:${randomBytes(32).toString('base64')}`,
      CARD_CODE_INDEX_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      // Pages are cached until the change feed says otherwise, a few milliseconds after a commit;
      // tests that write and read back at once would race it. The cache has tests of its own.
      STOREFRONT_PAGE_CACHE_MB: '0',
      // Console tests sign operators and owners in over and over; two-step verification has
      // tests of its own, which turn this back on.
      STAFF_2FA_REQUIRED: 'false',
      ...overrides,
    });
    ctx.runtime = await createRuntime(env, { logger: createLogger({ level: 'silent' }) });
    ctx.db = ctx.runtime.db;
    ctx.owner = ctx.handle.owner.db;
  });
  afterAll(async () => {
    await ctx.runtime?.close();
    await ctx.handle?.drop();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return ctx;
}
