import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, withTenant, type Database } from '@cardshop/db';
import pg from 'pg';
import { afterAll, expect, test } from 'vitest';
import { createBullmqQueue } from '../jobs/bullmq-queue.js';
import { relayOutboxOnce } from '../jobs/outbox.js';
import { createJobRegistry } from '../jobs/queue.js';
import { allJobs } from '../jobs/registry.js';
import { runOutboxJob } from '../jobs/run-job.js';
import { deleteRedisPrefix, waitFor } from '../jobs/testing/test-jobs.js';
import { createLogger } from '../logger.js';
import { handlePaymentNotification } from '../payments/handle-payment-notification.js';
import { paymentProviders } from '../payments/provider.js';
import { startPayment } from '../payments/start-payment.js';
import { createTestGateway } from '../payments/test-gateway.js';
import {
  buildOrder,
  buildShopSku,
  TEST_REDIS_URL,
  useTestDatabase,
  type ShopSku,
} from '../testing/index.js';
import { deliverOrderJob } from './deliver-order.job.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const childScript = path.join(here, 'testing/delivery-worker-child.ts');

const t = useTestDatabase();
const gateway = createTestGateway({ secret: 'crash-test-secret-'.padEnd(40, 'x') });
const providers = paymentProviders(gateway);
const prefixes: string[] = [];
const silent = createLogger({ level: 'silent' });

afterAll(async () => {
  for (const prefix of prefixes) await deleteRedisPrefix(prefix);
});

async function paidOrders(shop: ShopSku, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { order } = await buildOrder(t.db, shop);
    const payment = await withTenant(t.db, shop.tenantId, (trx) =>
      startPayment(trx, providers, {
        tenantId: shop.tenantId,
        orderId: order.id,
        provider: 'test',
      }),
    );
    const { rawBody, headers } = gateway.notification({
      reference: payment.reference,
      amountFen: order.totalFen,
    });
    await handlePaymentNotification(t.db, { providers }, { provider: 'test', rawBody, headers });
    ids.push(order.id);
  }
  return ids;
}

async function deliveredCount(owner: Database, ids: string[]) {
  const row = await owner
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('id', 'in', ids)
    .where('status', '=', 'delivered')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every order delivered once: one sold code each, all different, counters in step. */
async function expectDeliveredOnce(owner: Database, shop: ShopSku, ids: string[]) {
  expect(await deliveredCount(owner, ids)).toBe(ids.length);
  const allocations = await owner
    .selectFrom('code_allocations')
    .select(['code_id', 'order_id', 'state'])
    .where('order_id', 'in', ids)
    .execute();
  expect(allocations).toHaveLength(ids.length);
  expect(allocations.every((a) => a.state === 'sold')).toBe(true);
  expect(new Set(allocations.map((a) => a.code_id)).size).toBe(ids.length);
  expect(new Set(allocations.map((a) => a.order_id)).size).toBe(ids.length);
  const stock = await owner
    .selectFrom('sku_stock')
    .select(['available', 'reserved', 'sold'])
    .where('sku_id', '=', shop.skuId)
    .executeTakeFirstOrThrow();
  expect(stock).toEqual({
    available: shop.codes.length - ids.length,
    reserved: 0,
    sold: ids.length,
  });
}

test('the worker killed in the middle of a delivery: every paid order ends delivered exactly once', async () => {
  const shop = await buildShopSku(t.db, { codes: 12 });
  const ids = await paidOrders(shop, 12);
  const stuck = ids[0]!;

  // Hold the first order's row, so the worker's delivery transaction for it stops half-way.
  const blocker = new pg.Client({ connectionString: t.url });
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query('select 1 from orders where id = $1 for update', [stuck]);

  const prefix = `cstest-${randomUUID()}`;
  prefixes.push(prefix);
  const timing = { lockDuration: 1_000, stalledInterval: 500 };
  const survivor = createBullmqQueue({
    registry: createJobRegistry(allJobs),
    redisUrl: TEST_REDIS_URL,
    prefix,
    ...timing,
  });
  let child: ChildProcess | undefined;
  try {
    child = await spawnWorker(prefix);
    expect(await relayOutboxOnce({ db: t.db, queue: survivor })).toBe(12);
    await waitFor(
      'the other deliveries',
      async () => (await deliveredCount(t.owner, ids)) === 11,
      20_000,
    );
    await waitFor('the worker to wait on the held order', async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and usename = 'cardshop_app' and wait_event_type = 'Lock'`.execute(
        t.owner,
      );
      return rows[0]!.n > 0;
    });

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await blocker.query('rollback');
    expect(await deliveredCount(t.owner, [stuck])).toBe(0);

    await survivor.startWorkers({ db: t.db });
    await waitFor(
      'the held order to be delivered',
      async () => (await deliveredCount(t.owner, [stuck])) === 1,
      20_000,
    );

    await expectDeliveredOnce(t.owner, shop, ids);
    await waitFor('the outbox rows to complete', async () => {
      const open = await t.owner
        .selectFrom('outbox')
        .select('id')
        .where('name', '=', deliverOrderJob.name)
        .where('completed_at', 'is', null)
        .execute();
      return open.length === 0;
    });
    const rows = await t.owner
      .selectFrom('outbox')
      .select(['attempts', 'completed_at', 'last_error', 'payload'])
      .where('name', '=', deliverOrderJob.name)
      .where(sql<boolean>`payload->>'orderId' in (${sql.join(ids)})`)
      .execute();
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.last_error === null)).toBe(true);
    const stuckRow = rows.find((r) => (r.payload as { orderId: string }).orderId === stuck)!;
    expect(stuckRow.attempts).toBeGreaterThanOrEqual(2);
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await blocker.end().catch(() => {});
    await survivor.close();
  }
}, 60_000);

test('a worker that died after delivering but before completing the job: the rerun changes nothing', async () => {
  const shop = await buildShopSku(t.db, { codes: 2 });
  const [orderId] = await paidOrders(shop, 1);
  const job = await t.owner
    .selectFrom('outbox')
    .select('id')
    .where('name', '=', deliverOrderJob.name)
    .where(sql<boolean>`payload->>'orderId' = ${orderId!}`)
    .executeTakeFirstOrThrow();
  // The handler's effect committed, then the worker died before it could mark the row completed.
  await deliverOrderJob.handler(
    { tenantId: shop.tenantId, orderId: orderId! },
    { jobId: job.id, attempt: 1, db: t.db, logger: silent },
  );
  const result = await runOutboxJob(
    deliverOrderJob,
    { id: job.id, attempt: 1, finalAttempt: false },
    { db: t.db, logger: silent },
  );
  expect(result).toBe('completed');
  await expectDeliveredOnce(t.owner, { ...shop, codes: shop.codes }, [orderId!]);
});

function spawnWorker(prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CARDSHOP_TEST_DB_URL: t.url,
      CARDSHOP_TEST_PREFIX: prefix,
      REDIS_URL: TEST_REDIS_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker child did not start:\n${output}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the worker child exited (${code ?? signal}) before it was ready:\n${output}`),
      );
    });
  });
}
