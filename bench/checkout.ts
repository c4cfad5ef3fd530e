// Checkout throughput over HTTP: 64 concurrent signed-in buyers on one hot SKU, each running the
// whole purchase as a browser and a gateway would: POST /checkout (立即购买, pay with the test
// gateway) on the real storefront server, then the gateway's signed notification to
// POST /webhooks/payments/test; the delivery job runs on BullMQ (Redis) in the same process and
// marks the codes sold. Orders/s counts orders delivered, from the first request of the measured
// window to the last delivery. In the same run, the database's own limit for that work: pgbench
// running bench/checkout.pgbench.sql (the same four transactions, statement for statement, as the
// app role under RLS). Prints both rates, their ratio and any code sold twice.
//
// Run: npx tsx bench/checkout.ts   (DATABASE_URL, REDIS_URL, BENCH_SECONDS=10, BENCH_POOL=32)
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  appConnectionString,
  connectPostgres,
  migrateToLatest,
  sql,
  type Database,
} from '@cardshop/db';
import { listen } from '@cardshop/api';
import type { Runtime } from '@cardshop/domain';
import { createStorefrontServer } from '../apps/storefront/server/index.js';
import { createTestGateway } from '../packages/domain/src/payments/test-gateway.js';
import { buildShopSku } from '../packages/domain/src/testing/buying-factories.js';
import {
  buildCustomer,
  CUSTOMER_PASSWORD,
} from '../packages/domain/src/testing/customer-factories.js';
import { buildTenant } from '../packages/domain/src/testing/factories.js';
import { benchRuntime, http } from './support.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'cardshop_bench_checkout';
const BUYERS = 64;
const POOL = Number(process.env.BENCH_POOL ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const CODES_PER_SKU = Number(process.env.BENCH_CODES ?? 30_000);

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

const agent = new Agent({ keepAlive: true, maxSockets: BUYERS * 2 });

interface Buyer {
  cookie: string;
  ip: string;
}

interface Shop {
  tenantId: string;
  host: string;
  listingId: string;
  priceFen: number;
}

/** Signs a buyer in through the storefront's own sign-in form. */
async function signIn(port: number, shop: Shop, phone: string, ip: string): Promise<Buyer> {
  const res = await http(port, {
    agent,
    method: 'POST',
    path: '/login',
    headers: {
      host: shop.host,
      origin: `http://${shop.host}`,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': ip,
    },
    body: new URLSearchParams({ identifier: phone, password: CUSTOMER_PASSWORD }).toString(),
  });
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = setCookie.map((c) => /^cs_customer=([^;]+)/.exec(c)?.[1]).find(Boolean);
  if (res.status !== 302 || !session)
    throw new Error(`sign-in failed: ${res.status} ${res.body.slice(0, 300)}`);
  return { cookie: `cs_customer=${session}`, ip };
}

/** One buyer's purchase: 立即购买 and pay, then the gateway's notification. */
async function checkout(
  port: number,
  shop: Shop,
  buyer: Buyer,
  gateway: ReturnType<typeof createTestGateway>,
) {
  const placed = await http(port, {
    agent,
    method: 'POST',
    path: '/checkout',
    headers: {
      host: shop.host,
      origin: `http://${shop.host}`,
      cookie: buyer.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': buyer.ip,
    },
    body: new URLSearchParams({
      source: 'buy-now',
      lineCount: '1',
      'lines.0.listingId': shop.listingId,
      'lines.0.quantity': '1',
      idempotencyKey: randomUUID(),
      paymentMethod: 'test',
    }).toString(),
  });
  const location = String(placed.headers.location ?? '');
  const reference = /^\/pay\/test\/([0-9a-f]{64})$/.exec(location)?.[1];
  if (placed.status !== 302 || !reference) {
    throw new Error(`checkout answered ${placed.status} ${location} ${placed.body.slice(0, 300)}`);
  }
  const { rawBody, headers } = gateway.notification({ reference, amountFen: shop.priceFen });
  const notified = await http(port, {
    agent,
    method: 'POST',
    path: '/webhooks/payments/test',
    headers: { host: '127.0.0.1', 'content-type': 'application/json', ...headers },
    body: rawBody,
  });
  if (notified.status !== 200 || notified.body !== 'success') {
    throw new Error(`webhook answered ${notified.status} ${notified.body.slice(0, 300)}`);
  }
}

async function deliveredCount(owner: Database, tenantId: string) {
  const row = await sql<{ delivered: number; paid: number }>`
    select count(*) filter (where status = 'delivered')::int as delivered,
           count(*) filter (where status in ('paid', 'delivered'))::int as paid
    from orders where tenant_id = ${tenantId}`.execute(owner);
  return row.rows[0]!;
}

/** Waits until every paid order of the shop is delivered; returns when that happened. */
async function drained(owner: Database, tenantId: string) {
  for (;;) {
    const { delivered, paid } = await deliveredCount(owner, tenantId);
    if (delivered === paid) return { at: performance.now(), delivered };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runBuyers(
  port: number,
  owner: Database,
  shop: Shop,
  buyers: Buyer[],
  gateway: ReturnType<typeof createTestGateway>,
) {
  let failed = 0;
  let firstError: unknown;
  const latencies: number[] = [];
  const phase = async (seconds: number, record: boolean) => {
    const ends = Date.now() + seconds * 1000;
    await Promise.all(
      buyers.map(async (buyer) => {
        while (Date.now() < ends) {
          const started = performance.now();
          try {
            await checkout(port, shop, buyer, gateway);
            if (record) latencies.push(performance.now() - started);
          } catch (error) {
            failed++;
            firstError ??= error;
          }
        }
      }),
    );
  };
  await phase(WARMUP_SECONDS, false);
  const before = (await drained(owner, shop.tenantId)).delivered;
  const started = performance.now();
  await phase(SECONDS, true);
  const requestsEnded = performance.now();
  const end = await drained(owner, shop.tenantId);
  const done = end.delivered - before;
  if (done === 0) throw new Error('no checkout finished in the measured window');
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return {
    perSecond: done / ((end.at - started) / 1000),
    done,
    failed,
    firstError,
    p50: pct(0.5),
    p99: pct(0.99),
    drainMs: end.at - requestsEnded,
  };
}

function runtimeForBench(): Promise<Runtime> {
  return benchRuntime({
    DATABASE_URL: urlFor(DB_NAME),
    DATABASE_POOL_SIZE: String(POOL),
    REDIS_URL,
    REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    TRUST_PROXY: 'true',
  });
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
  await migrateToLatest(owner.db);
  const runtime = await runtimeForBench();
  const server = await listen(await createStorefrontServer(runtime), 0, '127.0.0.1');
  try {
    console.log(`seeding two SKUs of ${CODES_PER_SKU.toLocaleString('en-US')} codes each ...`);
    const tenant = await buildTenant(runtime.db);
    const appSku = await buildShopSku(runtime.db, {
      tenantId: tenant.id,
      vault: runtime.vault,
      codes: CODES_PER_SKU,
      maxPerOrder: 1,
    });
    const sqlSku = await buildShopSku(runtime.db, {
      tenantId: tenant.id,
      supplier: appSku.supplier,
      codes: CODES_PER_SKU,
      maxPerOrder: 1,
    });
    await sql`vacuum analyze`.execute(owner.db);
    await runtime.startWorker();

    const shop: Shop = {
      tenantId: tenant.id,
      host: `${tenant.slug}.localhost`,
      listingId: appSku.listingId,
      priceFen: appSku.priceFen,
    };
    const buyers = await Promise.all(
      Array.from({ length: BUYERS }, async (_, i) => {
        const customer = await buildCustomer(runtime.db, tenant.id, {
          phone: `139${String(10_000_000 + i).slice(-8)}`,
          email: `buyer-${i}@bench.example`,
        });
        return signIn(server.port, shop, customer.phone!, `10.9.${i >> 8}.${i & 255}`);
      }),
    );
    const gateway = createTestGateway({ secret: runtime.env.APP_SECRET });

    console.log(
      `app over HTTP: ${BUYERS} buyers, pool ${POOL}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s ...`,
    );
    const appRun = await runBuyers(server.port, owner.db, shop, buyers, gateway);
    console.log(`pgbench: ${POOL} clients, ${SECONDS} s ...`);
    const sqlRun = await runPgbench({
      tenantId: tenant.id,
      listingId: sqlSku.listingId,
      skuId: sqlSku.skuId,
      supplierId: sqlSku.supplier.id,
      productId: sqlSku.productId,
    });
    const check = await integrity(owner.db, [appSku.skuId, sqlSku.skuId]);

    const ratio = appRun.perSecond / sqlRun.perSecond;
    console.log('');
    console.log(
      'checkout = POST /checkout (order + payment) + signed notification to the webhook + delivery job',
    );
    console.log(
      `  app over HTTP (${BUYERS} buyers)   ${appRun.perSecond.toFixed(1).padStart(8)} orders/s delivered  ` +
        `(${appRun.done} orders; request p50 ${appRun.p50.toFixed(0)} ms, p99 ${appRun.p99.toFixed(0)} ms; ` +
        `last delivery ${appRun.drainMs.toFixed(0)} ms after the last request; failed ${appRun.failed})`,
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
    agent.destroy();
    await server.close();
    await runtime.close();
    await owner.close();
    await admin(`drop database if exists "${DB_NAME}" with (force)`);
  }
}

await main();
