import { setTimeout as sleep } from 'node:timers/promises';
import { withSupplier, withTenant, type Database } from '@cardshop/db';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { setProductStatus } from '../catalog/set-product-status.js';
import { updateSku } from '../catalog/update-sku.js';
import { createInProcessQueue } from '../jobs/in-process-queue.js';
import { relayOutboxOnce } from '../jobs/outbox.js';
import { createJobRegistry } from '../jobs/queue.js';
import { allJobs } from '../jobs/registry.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { listTenantNotifications } from '../notifications/list-tenant-notifications.js';
import { markNotificationsRead } from '../notifications/mark-notifications-read.js';
import { buildCatalogItem, buildSku, buildTenant, useTestDatabase } from '../testing/index.js';
import { addListing } from './add-listing.js';
import { listingSyncJob, type ListingSyncPayload } from './listing-sync.job.js';
import { updateListing } from './update-listing.js';

const t = useTestDatabase();
const logger = pino({ level: 'silent' });

function runJob(id: string) {
  return runOutboxJob(
    listingSyncJob,
    { id, attempt: 1, finalAttempt: false },
    { db: t.db, logger },
  );
}

async function runHandlerAgain(id: string) {
  const row = await t.owner
    .selectFrom('outbox')
    .select('payload')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await listingSyncJob.handler(row.payload as ListingSyncPayload, {
    jobId: id,
    attempt: 2,
    db: t.db,
    logger,
  });
}

async function listing(owner: Database, id: string) {
  return owner
    .selectFrom('listings')
    .select(['price_fen', 'status', 'visible'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function notices(tenantId: string) {
  return t.owner
    .selectFrom('tenant_notifications')
    .select(['kind', 'title', 'body', 'data'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

/** Three shops list one SKU (10.00 wholesale): 10% markup, fixed 15.00, fixed 12.00. */
async function listedThreeWays() {
  const item = await buildCatalogItem(t.db, {
    product: { name: '王者荣耀点券' },
    sku: { name: '60 点券', wholesalePriceFen: 1000 },
  });
  const [markupShop, highShop, lowShop, bystander] = await Promise.all([
    buildTenant(t.db),
    buildTenant(t.db),
    buildTenant(t.db),
    buildTenant(t.db),
  ]);
  const add = (shopId: string, pricing: Parameters<typeof addListing>[1]['pricing']) =>
    withTenant(t.db, shopId, (trx) => addListing(trx, { skuId: item.sku.id, pricing }));
  const markup = await add(markupShop.id, { mode: 'markup', markupBps: 1000 });
  const high = await add(highShop.id, { mode: 'fixed', retailPriceFen: 1500 });
  const low = await add(lowShop.id, { mode: 'fixed', retailPriceFen: 1200 });
  return { ...item, markupShop, highShop, lowShop, bystander, markup, high, low };
}

describe('listings.sync-sku', () => {
  test('the job definition is registered on the catalog queue', () => {
    expect(allJobs).toContain(listingSyncJob);
    expect(listingSyncJob).toMatchObject({ name: 'listings.sync-sku', queue: 'catalog' });
  });

  test('a wholesale rise reprices markup listings, stops fixed prices it overtook, and tells each shop once', async () => {
    const s = await listedThreeWays();
    const { listingSyncJobId } = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1300 }),
    );
    // Nothing changes in the shops until the job runs.
    expect(await listing(t.owner, s.markup.id)).toMatchObject({
      price_fen: 1100,
      status: 'active',
    });

    expect(await runJob(listingSyncJobId!)).toBe('completed');
    expect(await listing(t.owner, s.markup.id)).toMatchObject({
      price_fen: 1430,
      status: 'active',
    });
    expect(await listing(t.owner, s.high.id)).toMatchObject({ price_fen: 1500, status: 'active' });
    expect(await listing(t.owner, s.low.id)).toMatchObject({
      price_fen: 1200,
      status: 'below_wholesale',
      visible: true,
    });

    const [markupNotice] = await notices(s.markupShop.id);
    expect(markupNotice).toMatchObject({
      kind: 'listing.supplier_change',
      title: '批发价上调：王者荣耀点券（60 点券）',
      data: {
        jobId: listingSyncJobId,
        wholesale: { fromFen: 1000, toFen: 1300 },
        listings: [
          {
            listingId: s.markup.id,
            before: { priceFen: 1100, status: 'active' },
            after: { priceFen: 1430, status: 'active' },
          },
        ],
      },
    });
    expect(markupNotice!.body).toContain('批发价由 10.00 元调整为 13.00 元');
    expect(markupNotice!.body).toContain(
      '售价按加价 10% 自动由 11.00 元调整为 14.30 元，每件利润 1.30 元',
    );
    expect((await notices(s.highShop.id))[0]!.body).toContain(
      '固定售价 15.00 元不变，每件利润 2.00 元',
    );
    expect((await notices(s.lowShop.id))[0]!.body).toContain(
      '的固定售价 12.00 元已低于批发价 13.00 元，已暂停销售；请调高售价后恢复销售',
    );
    expect(await notices(s.bystander.id)).toEqual([]);

    // At-least-once delivery: the handler runs again and changes nothing twice.
    await runHandlerAgain(listingSyncJobId!);
    expect(await runJob(listingSyncJobId!)).toBe('skipped');
    for (const shop of [s.markupShop, s.highShop, s.lowShop]) {
      expect(await notices(shop.id)).toHaveLength(1);
    }
    expect(await listing(t.owner, s.markup.id)).toMatchObject({ price_fen: 1430 });
  });

  test('a shop whose fixed price was overtaken reprices and is back on sale', async () => {
    const s = await listedThreeWays();
    const { listingSyncJobId } = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1300 }),
    );
    await runJob(listingSyncJobId!);
    const fixed = await withTenant(t.db, s.lowShop.id, (trx) =>
      updateListing(trx, s.low.id, { pricing: { mode: 'fixed', retailPriceFen: 1300 } }),
    );
    expect(fixed).toMatchObject({ status: 'active', priceFen: 1300, marginFen: 0 });
  });

  test('a wholesale drop puts an overtaken fixed price back on sale and says so', async () => {
    const s = await listedThreeWays();
    const up = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1300 }),
    );
    await runJob(up.listingSyncJobId!);
    const down = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 900 }),
    );
    await runJob(down.listingSyncJobId!);
    expect(await listing(t.owner, s.low.id)).toMatchObject({ price_fen: 1200, status: 'active' });
    expect(await listing(t.owner, s.markup.id)).toMatchObject({ price_fen: 990 });
    const lowNotices = await notices(s.lowShop.id);
    expect(lowNotices.map((n) => n.title)).toEqual([
      '批发价上调：王者荣耀点券（60 点券）',
      '批发价下调：王者荣耀点券（60 点券）',
    ]);
    expect(lowNotices[1]!.body).toContain('已恢复销售，固定售价 12.00 元不变，每件利润 3.00 元');
  });

  test('a late job converges on the current wholesale price, not the one in its payload', async () => {
    const s = await listedThreeWays();
    const first = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1100 }),
    );
    const second = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1200 }),
    );
    await runJob(second.listingSyncJobId!);
    await runJob(first.listingSyncJobId!);
    expect(await listing(t.owner, s.markup.id)).toMatchObject({ price_fen: 1320 });
    expect(await notices(s.markupShop.id)).toHaveLength(2);
  });

  test('delisting a product marks every shop’s listings supplier_delisted and tells each shop; relisting restores them', async () => {
    const s = await listedThreeWays();
    const second = await buildSku(t.db, s.supplier, s.product.id, {
      name: '300 点券',
      wholesalePriceFen: 5000,
    });
    const extra = await withTenant(t.db, s.markupShop.id, (trx) =>
      addListing(trx, { skuId: second.id, pricing: { mode: 'markup', markupBps: 500 } }),
    );
    const off = await withSupplier(t.db, s.supplier, (trx) =>
      setProductStatus(trx, s.product.id, 'delisted'),
    );
    await runJob(off.listingSyncJobId!);
    for (const id of [s.markup.id, s.high.id, s.low.id, extra.id]) {
      expect(await listing(t.owner, id)).toMatchObject({ status: 'supplier_delisted' });
    }
    const [delistNotice] = await notices(s.markupShop.id);
    expect(delistNotice).toMatchObject({ title: '供货商已下架：王者荣耀点券' });
    expect(delistNotice!.body).toContain('规格“60 点券”已暂停销售（供货商下架）');
    expect(delistNotice!.body).toContain('规格“300 点券”已暂停销售（供货商下架）');
    await runHandlerAgain(off.listingSyncJobId!);
    expect(await notices(s.markupShop.id)).toHaveLength(1);

    const on = await withSupplier(t.db, s.supplier, (trx) =>
      setProductStatus(trx, s.product.id, 'active'),
    );
    await runJob(on.listingSyncJobId!);
    expect(await listing(t.owner, s.markup.id)).toMatchObject({
      status: 'active',
      price_fen: 1100,
    });
    expect(await listing(t.owner, extra.id)).toMatchObject({ status: 'active', price_fen: 5250 });
    const after = await notices(s.highShop.id);
    expect(after.map((n) => n.title)).toEqual([
      '供货商已下架：王者荣耀点券（60 点券）',
      '供货商恢复供货：王者荣耀点券（60 点券）',
    ]);
  });

  test('delisting one SKU affects only its listings', async () => {
    const s = await listedThreeWays();
    const other = await buildSku(t.db, s.supplier, s.product.id, { name: '其他' });
    const otherListing = await withTenant(t.db, s.highShop.id, (trx) =>
      addListing(trx, { skuId: other.id, pricing: { mode: 'markup', markupBps: 0 } }),
    );
    const { listingSyncJobId } = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { status: 'delisted' }),
    );
    await runJob(listingSyncJobId!);
    expect(await listing(t.owner, s.high.id)).toMatchObject({ status: 'supplier_delisted' });
    expect(await listing(t.owner, otherListing.id)).toMatchObject({ status: 'active' });
    expect((await notices(s.highShop.id))[0]!.title).toBe('供货商已下架：王者荣耀点券（60 点券）');
  });

  test('a rolled-back supplier change writes no job and tells no one', async () => {
    const s = await listedThreeWays();
    const before = await t.owner
      .selectFrom('outbox')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      withSupplier(t.db, s.supplier, async (trx) => {
        await updateSku(trx, s.sku.id, { wholesalePriceFen: 5000 });
        throw new Error('something later failed');
      }),
    ).rejects.toThrow('something later failed');
    const after = await t.owner
      .selectFrom('outbox')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  test('runs through the outbox relay and the in-process queue', async () => {
    const s = await listedThreeWays();
    const queue = createInProcessQueue({ registry: createJobRegistry(allJobs), logger });
    await queue.startWorkers({ db: t.db, logger });
    try {
      const { listingSyncJobId } = await withSupplier(t.db, s.supplier, (trx) =>
        updateSku(trx, s.sku.id, { wholesalePriceFen: 2000 }),
      );
      await relayOutboxOnce({ db: t.db, queue, logger });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const row = await t.owner
          .selectFrom('outbox')
          .select(['completed_at', 'last_error'])
          .where('id', '=', listingSyncJobId!)
          .executeTakeFirstOrThrow();
        if (row.completed_at) {
          expect(row.last_error).toBeNull();
          break;
        }
        if (Date.now() > deadline) throw new Error('the listing sync job did not complete');
        await sleep(25);
      }
    } finally {
      await queue.close();
    }
    expect(await listing(t.owner, s.markup.id)).toMatchObject({ price_fen: 2200 });
    expect(await listing(t.owner, s.low.id)).toMatchObject({ status: 'below_wholesale' });
    const { items, unread } = await withTenant(t.db, s.lowShop.id, (trx) =>
      listTenantNotifications(trx),
    );
    expect(unread).toBe(1);
    expect(items[0]!.title).toBe('批发价上调：王者荣耀点券（60 点券）');
    expect(await withTenant(t.db, s.lowShop.id, (trx) => markNotificationsRead(trx, 'all'))).toBe(
      1,
    );
    const read = await withTenant(t.db, s.lowShop.id, (trx) => listTenantNotifications(trx));
    expect(read.unread).toBe(0);
    expect(read.items[0]!.readAt).toBeInstanceOf(Date);
  });

  test('a shop reads and marks only its own notifications', async () => {
    const s = await listedThreeWays();
    const { listingSyncJobId } = await withSupplier(t.db, s.supplier, (trx) =>
      updateSku(trx, s.sku.id, { wholesalePriceFen: 1050 }),
    );
    await runJob(listingSyncJobId!);
    const theirs = await notices(s.highShop.id);
    expect(theirs).toHaveLength(1);
    const theirId = (
      await t.owner
        .selectFrom('tenant_notifications')
        .select('id')
        .where('tenant_id', '=', s.highShop.id)
        .executeTakeFirstOrThrow()
    ).id;
    const mine = await withTenant(t.db, s.bystander.id, (trx) => listTenantNotifications(trx));
    expect(mine).toEqual({ items: [], unread: 0 });
    expect(
      await withTenant(t.db, s.bystander.id, (trx) => markNotificationsRead(trx, [theirId])),
    ).toBe(0);
    const row = await t.owner
      .selectFrom('tenant_notifications')
      .select('read_at')
      .where('id', '=', theirId)
      .executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
  });
});
