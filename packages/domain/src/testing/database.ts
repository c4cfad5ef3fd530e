import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cardshop/db/testing';
import type { Database } from '@cardshop/db';

/**
 * A fresh migrated database for this test file: `db` is the application role (as the platform
 * runs), `owner` the migration owner for inspecting what RLS would hide.
 */
export function useTestDatabase() {
  const ctx = {} as { db: Database; owner: Database; url: string; handle: TestDatabase };
  beforeAll(async () => {
    ctx.handle = await createTestDatabase();
    ctx.db = ctx.handle.app.db;
    ctx.owner = ctx.handle.owner.db;
    ctx.url = ctx.handle.url;
  });
  afterAll(async () => {
    await ctx.handle?.drop();
  });
  return ctx;
}
