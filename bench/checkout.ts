// Checkout throughput: 64 concurrent buyers on one hot SKU, each running the whole purchase through
// the domain (createOrder, startPayment, the test gateway's signed notification, the delivery job's
// handler), against the database's own limit for the same work: pgbench running
// bench/checkout.pgbench.sql (the same four transactions, statement for statement, as the app role
// under RLS). Prints both rates, their ratio and any code sold twice.
//
// Run: npx tsx bench/checkout.ts   (DATABASE_URL, BENCH_SECONDS=10, BENCH_POOL=32 to override)
//
// Not yet over HTTP: the storefront's checkout routes and the payment webhook are not built (the
// buying UI is a later slice of issue 4); when they are, the app side should drive them instead.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  appConnectionString,
  connectPostgres,
  migrateToLatest,
  sql,
  withTenant,
  type Database,
} from '@cardshop/db';
import { createLogger } from '../packages/domain/src/logger.js';
import { deliverOrderJob } from '../packages/domain/src/delivery/deliver-order.job.js';
import { createOrder } from '../packages/domain/src/orders/create-order.js';
import { handlePaymentNotification } from '../packages/domain/src/payments/handle-payment-notification.js';
import { paymentProviders } from '../packages/domain/src/payments/provider.js';
import { startPayment } from '../packages/domain/src/payments/start-payment.js';
import { createTestGateway } from '../packages/domain/src/payments/test-gateway.js';
import { buildShopSku } from '../packages/domain/src/testing/buying-factories.js';
import { buildTenant } from '../packages/domain/src/testing/factories.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'cardshop_bench_checkout';
const BUYERS = 64;
const POOL = Number(process.env.BENCH_POOL ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const CODES_PER_SKU = Number(process.env.BENCH_CODES ?? 30_000);

const gateway = createTestGateway({ secret: `bench-${randomUUID()}`.padEnd(40, 'x') });
const providers = paymentProviders(gateway);
const silent = createLogger({ level: 'silent' });

function urlFor(database: string) {
  const url = new URL(BASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(query: string) {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** One buyer's whole purchase, as the storefront, the webhook and the worker would run it. */
async function checkout(db: Database, shop: { tenantId: string; listingId: string }) {
  const { order } = await createOrder(db, {
    tenantId: shop.tenantId,
    idempotencyKey: `bench-${randomUUID()}`,
    customerId: randomUUID(),
    lines: [{ listingId: shop.listingId, quantity: 1 }],
  });
  const payment = await withTenant(db, shop.tenantId, (trx) =>
    startPayment(trx, providers, { tenantId: shop.tenantId, orderId: order.id, provider: 'test' }),
  );
  const { rawBody, headers } = gateway.notification({
    reference: payment.reference,
    amountFen: order.totalFen,
  });
  const paid = await handlePaymentNotification(
    db,
    { providers },
    {
      provider: 'test',
      rawBody,
      headers,
    },
  );
  if (paid.outcome !== 'paid') throw new Error(`payment outcome ${paid.outcome}`);
  await deliverOrderJob.handler(
    { tenantId: shop.tenantId, orderId: order.id },
    { jobId: randomUUID(), attempt: 1, db, logger: silent },
  );
}

async function runBuyers(db: Database, shop: { tenantId: string; listingId: string }) {
  let done = 0;
  let failed = 0;
  let firstError: unknown;
  let measuring = false;
  const warmupEnds = Date.now() + WARMUP_SECONDS * 1000;
  const ends = warmupEnds + SECONDS * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: BUYERS }, async () => {
      while (Date.now() < ends) {
        const started = performance.now();
        try {
          await checkout(db, shop);
          if (Date.now() >= warmupEnds && Date.now() < ends) {
            measuring = true;
            done++;
            latencies.push(performance.now() - started);
          }
        } catch (error) {
          failed++;
          firstError ??= error;
        }
      }
    }),
  );
  if (!measuring) throw new Error('no checkout finished in the measured window');
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { perSecond: done / SECONDS, done, failed, firstError, p50: pct(0.5), p99: pct(0.99) };
}

async function runPgbench(shop: {
  tenantId: string;
  listingId: string;
  skuId: string;
  supplierId: string;
  productId: string;
}) {
  const script =
    process.env.BENCH_PGBENCH_SCRIPT ??
    fileURLToPath(new URL('./checkout.pgbench.sql', import.meta.url));
  const { stdout } = await promisify(execFile)(
    'pgbench',
    [
      '-n',
      ...(process.env.BENCH_REPORT ? ['-r'] : []),
      '-c',
      String(POOL),
      '-j',
      '2',
      '-T',
      String(SECONDS),
      '-f',
      script,
      '-D',
      `tenant=${shop.tenantId}`,
      '-D',
      `listing=${shop.listingId}`,
      '-D',
      `sku=${shop.skuId}`,
      '-D',
      `supplier=${shop.supplierId}`,
      '-D',
      `product=${shop.productId}`,
      appConnectionString(urlFor(DB_NAME)),
    ],
    { maxBuffer: 10 * 1024 * 1024 },
  );
  const tps = /tps = ([\d.]+)/.exec(stdout);
  const failed = /number of failed transactions: (\d+)/.exec(stdout);
  const processed = /number of transactions actually processed: (\d+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  if (process.env.BENCH_REPORT) console.log(stdout);
  return {
    perSecond: Number(tps[1]),
    done: Number(processed?.[1] ?? 0),
    failed: Number(failed?.[1] ?? 0),
  };
}

/** Codes sold to more than one order line, and orders whose delivered codes do not match. */
async function integrity(owner: Database, skuIds: string[]) {
  const doubles = await sql<{ n: number }>`
    select count(*)::int as n from (
      select a.code_id from code_allocations a join card_codes c on c.id = a.code_id
      where c.sell_limit = 1 and a.sku_id in (${sql.join(skuIds)})
      group by a.code_id having count(*) > 1) d`.execute(owner);
  const stock = await sql<{ sku_id: string; ok: boolean }>`
    select st.sku_id,
      st.available = (select count(*) from card_codes c where c.sku_id = st.sku_id and c.state = 'available')
      and st.reserved = (select count(*) from code_allocations a where a.sku_id = st.sku_id and a.state = 'reserved')
      and st.sold = (select count(*) from code_allocations a where a.sku_id = st.sku_id and a.state = 'sold') as ok
    from sku_stock st where st.sku_id in (${sql.join(skuIds)})`.execute(owner);
  const ledger = await sql<{
    total: string | null;
  }>`select sum(amount_fen) as total from ledger_lines`.execute(owner);
  return {
    doubleSold: doubles.rows[0]!.n,
    countersMatch: stock.rows.every((r) => r.ok),
    ledgerTotal: Number(ledger.rows[0]!.total ?? 0),
  };
}

async function main() {
  await admin(`drop database if exists "${DB_NAME}" with (force)`);
  await admin(`create database "${DB_NAME}"`);
  const owner = connectPostgres({ connectionString: urlFor(DB_NAME), max: 2 });
  const app = connectPostgres({
    connectionString: appConnectionString(urlFor(DB_NAME)),
    max: POOL,
  });
  try {
    await migrateToLatest(owner.db);
    console.log(`seeding two SKUs of ${CODES_PER_SKU.toLocaleString('en-US')} codes each ...`);
    const tenantId = (await buildTenant(app.db)).id;
    const appSku = await buildShopSku(app.db, { tenantId, codes: CODES_PER_SKU, maxPerOrder: 1 });
    const sqlSku = await buildShopSku(app.db, {
      tenantId,
      supplier: appSku.supplier,
      codes: CODES_PER_SKU,
      maxPerOrder: 1,
    });
    await sql`vacuum analyze`.execute(owner.db);

    console.log(
      `app: ${BUYERS} buyers, pool ${POOL}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s ...`,
    );
    const appRun = await runBuyers(app.db, appSku);
    console.log(`pgbench: ${POOL} clients, ${SECONDS} s ...`);
    const sqlRun = await runPgbench({
      tenantId,
      listingId: sqlSku.listingId,
      skuId: sqlSku.skuId,
      supplierId: sqlSku.supplier.id,
      productId: sqlSku.productId,
    });
    const check = await integrity(owner.db, [appSku.skuId, sqlSku.skuId]);

    const ratio = appRun.perSecond / sqlRun.perSecond;
    console.log('');
    console.log('checkout = create order + start payment + signed notification + delivery');
    console.log(
      `  app (domain, ${BUYERS} buyers)   ${appRun.perSecond.toFixed(1).padStart(8)} checkouts/s  ` +
        `p50 ${appRun.p50.toFixed(0)} ms  p99 ${appRun.p99.toFixed(0)} ms  failed ${appRun.failed}`,
    );
    console.log(
      `  pgbench (same SQL, ${POOL} conns) ${sqlRun.perSecond.toFixed(1).padStart(8)} checkouts/s  failed ${sqlRun.failed}`,
    );
    console.log(`  ratio app / database limit       ${ratio.toFixed(2)} (target >= 0.5)`);
    console.log(`  double-sold codes                ${check.doubleSold}`);
    console.log(`  stock counters match codes       ${check.countersMatch ? 'yes' : 'NO'}`);
    console.log(`  ledger total                     ${check.ledgerTotal} fen`);
    if (appRun.firstError) console.log('  first app error:', appRun.firstError);
    if (check.doubleSold !== 0 || !check.countersMatch || check.ledgerTotal !== 0)
      process.exitCode = 1;
  } finally {
    await app.close();
    await owner.close();
    await admin(`drop database if exists "${DB_NAME}" with (force)`);
  }
}

await main();
