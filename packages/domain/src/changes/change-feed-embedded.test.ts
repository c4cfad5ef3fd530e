import { migrateToLatest, openEmbedded, withTenant, type DatabaseHandle } from '@cardshop/db';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildShopSku } from '../testing/index.js';
import { openChangeFeed, type ChangeFeed } from './change-feed.js';

// npm start runs on PGlite: its caches need the same feed there.
let handle: DatabaseHandle;
let feed: ChangeFeed;

beforeAll(async () => {
  const embedded = await openEmbedded({});
  handle = embedded.handle;
  await migrateToLatest(handle.db);
  await embedded.dropToAppRole();
  feed = await openChangeFeed(handle);
});
afterAll(async () => {
  await feed?.close();
  await handle?.close();
});

test('on the embedded database a committed listing change reaches the feed', async () => {
  const shop = await buildShopSku(handle.db, { codes: 1 });
  const seen: string[] = [];
  feed.subscribe((topic) => seen.push(topic));
  await withTenant(handle.db, shop.tenantId, (trx) =>
    trx.updateTable('listings').set({ sort_order: 3 }).where('id', '=', shop.listingId).execute(),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(feed.live).toBe(true);
  expect(seen).toContain(`t:${shop.tenantId}`);
});
