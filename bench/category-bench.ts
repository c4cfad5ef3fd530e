// The benchmark behind npm run bench (bench/storefront-category.ts): the storefront's category
// page under load, next to a plain Node HTTP server.
//
// Seeds (or reuses) two PostgreSQL databases: a platform of 1,000 shops × 200 listings over a
// shared catalog of 2,000 products / 4,000 SKUs with 1,000,000 card codes, and the same catalog
// with 10 shops. Then, in this process, serves each with the real storefront server and measures
// /c/<slug> at 32 connections with autocannon running in a child process (the machine has 2 cores
// shared by PostgreSQL, the server and the load generator). Each platform is measured twice: with
// the page cache off (every request rendered: loaders, PostgreSQL, React) and as served, with the
// page cache on after every page was requested once (pages kept until the database's change feed
// reports a change to what they show; docs/decisions/004). Requests accept gzip, as browsers' do.
// Every run is bounded; the script stops by itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { listen } from '@cardshop/api';
import { createStorefrontServer } from '../apps/storefront/server/index.js';
import { countRows, ensureBenchDatabase, type BenchPlatform } from './seed-bench-catalog.js';
import { benchRuntime, http } from './support.js';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 32;
const WARMUP_SECONDS = 3;
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const catalog = {
  listingsPerShop: 200,
  categoriesPerShop: 10,
  products: 2_000,
  skusPerProduct: 2,
  suppliers: 5,
  codes: 1_000_000,
};
interface LoadJob {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Host header and path of each request, used in turn. */
  targets: Array<{ host: string; path: string }>;
  headers?: Record<string, string>;
}

/** What a browser sends that matters here: it takes gzip. */
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

/** What load-generator.mjs reports; latencies in milliseconds. */
interface LoadSummary {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

const large: BenchPlatform = { shops: 1_000, ...catalog };
const small: BenchPlatform = { shops: 10, ...catalog };

function fmt(n: number, digits = 1) {
  return n.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function runLoad(job: LoadJob): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load-generator.mjs', import.meta.url)), [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let summary: LoadSummary | undefined;
    child.once('message', (message) => (summary = message as LoadSummary));
    child.once('error', reject);
    child.once('exit', (code) =>
      summary ? resolve(summary) : reject(new Error(`load generator exited with ${code}`)),
    );
    child.send(job);
  });
}

/** CPU seconds used so far by the PostgreSQL backends serving `database` (Linux /proc). */
async function backendCpuSeconds(ownerUrl: string, database: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [database],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        return null;
      }
    }
    return ticks / 100;
  } finally {
    await client.end();
  }
}

interface Measured extends LoadSummary {
  /** Server CPU per request, in ms: this process (Node) and the database's backends. */
  nodeCpuMs: number;
  pgCpuMs: number | null;
}

/** A short warm-up (JIT, pools, caches), then the measured run. */
async function measure(
  label: string,
  job: Omit<LoadJob, 'durationSeconds' | 'connections'>,
  database?: { ownerUrl: string; name: string },
): Promise<Measured> {
  await runLoad({ ...job, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
  const pgBefore = database ? await backendCpuSeconds(database.ownerUrl, database.name) : null;
  const cpuBefore = process.cpuUsage();
  const summary = await runLoad({
    ...job,
    connections: CONNECTIONS,
    durationSeconds: MEASURE_SECONDS,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const pgAfter = database ? await backendCpuSeconds(database.ownerUrl, database.name) : null;
  const nodeCpuMs = (cpu.user + cpu.system) / 1000 / summary.total;
  // Backends that ended during the run take their CPU time with them: no figure then.
  const pgCpuMs =
    pgBefore !== null && pgAfter !== null && pgAfter >= pgBefore
      ? ((pgAfter - pgBefore) * 1000) / summary.total
      : null;
  const problems = summary.errors + summary.timeouts + summary.non2xx;
  console.log(
    `  ${label.padEnd(30)} ${fmt(summary.requestsPerSecond, 0).padStart(7)} req/s   p50 ${fmt(summary.p50)} ms   p99 ${fmt(summary.p99)} ms   max ${fmt(summary.max, 0)} ms   CPU/request: Node ${fmt(nodeCpuMs, 2)} ms${pgCpuMs === null ? '' : `, PostgreSQL ${fmt(pgCpuMs, 2)} ms`}${
      problems
        ? `   (${summary.non2xx} non-2xx, ${summary.errors} errors, ${summary.timeouts} timeouts)`
        : ''
    }`,
  );
  return { ...summary, nodeCpuMs, pgCpuMs };
}

/** Category pages of shops bench-1 … bench-<shops>, in a shuffled but fixed order. */
function categoryTargets(shops: number, categories: number, count = 5_000) {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  return Array.from({ length: count }, () => ({
    host: `bench-${1 + Math.floor(random() * shops)}.localhost`,
    path: `/c/cat-${1 + Math.floor(random() * categories)}`,
  }));
}

/** One GET of a target (a Host header of our choosing). */
const get = (port: number, target: { host: string; path: string }) =>
  http(port, { path: target.path, headers: { host: target.host } });

/** Requests every distinct target once, 8 at a time, as visitors would have before. */
async function warmCache(port: number, targets: Array<{ host: string; path: string }>) {
  const distinct = [...new Map(targets.map((t) => [`${t.host}${t.path}`, t])).values()];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < distinct.length) await get(port, distinct[next++]!);
    }),
  );
  return { pages: distinct.length, seconds: (performance.now() - started) / 1000 };
}

/**
 * Serves the database with the real storefront server and loads its category pages: rendered on
 * every request (page cache off), or from the page cache after every page was requested once.
 */
async function benchPlatform(
  url: string,
  runs: Array<{ label: string; shops: number; categories: number }>,
  mode: 'rendered' | 'cached',
) {
  const runtime = await benchRuntime({ DATABASE_URL: url });
  const app = await createStorefrontServer(runtime, { pageCache: mode === 'cached' });
  const server = await listen(app, 0, '127.0.0.1');
  try {
    const results: Measured[] = [];
    for (const run of runs) {
      const targets = categoryTargets(run.shops, run.categories);
      if (mode === 'cached') {
        const warm = await warmCache(server.port, targets);
        const stats = app.pageCache!.stats;
        console.log(
          `  (cache warmed: ${warm.pages.toLocaleString('en-US')} distinct pages requested once in ${fmt(warm.seconds)} s; it holds ${stats.entries.toLocaleString('en-US')} pages in ${fmt(stats.bytes / 1024 / 1024)} MiB)`,
        );
      }
      const probe = await get(server.port, targets[0]!);
      if (probe.status !== 200 || !probe.body.includes('href="/p/')) {
        throw new Error(
          `category page answered ${probe.status} without goods:\n${probe.body.slice(0, 500)}`,
        );
      }
      results.push(
        await measure(
          run.label,
          { url: `http://127.0.0.1:${server.port}`, targets, headers: BROWSER_HEADERS },
          { ownerUrl: url, name: new URL(url).pathname.slice(1) },
        ),
      );
    }
    const page = await get(server.port, categoryTargets(1, 1)[0]!);
    console.log(
      `  (a category page: ${fmt(page.body.length / 1024)} KiB of HTML, ${(page.body.match(/href="\/p\//g) ?? []).length} product cards)`,
    );
    return results;
  } finally {
    await server.close();
    await runtime.close();
  }
}

async function benchPlainNode() {
  const server: Server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await measure('plain Node http.createServer', {
      url: `http://127.0.0.1:${port}`,
      targets: [{ host: 'localhost', path: '/' }],
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function main() {
  const started = performance.now();
  console.log('Storefront category page benchmark');
  console.log(
    `PostgreSQL: ${new URL(BASE_URL).host}; ${CONNECTIONS} connections, ${MEASURE_SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up; load generator in a child process\n`,
  );

  const databases: Record<'large' | 'small', string> = { large: '', small: '' };
  for (const [key, name, platform] of [
    ['large', 'cardshop_bench', large],
    ['small', 'cardshop_bench_small', small],
  ] as const) {
    const t0 = performance.now();
    console.log(`Database ${name} (${platform.shops} shops):`);
    const { url, reused } = await ensureBenchDatabase(BASE_URL, name, platform);
    const rows = await countRows(url);
    console.log(
      `  ${reused ? 'reused' : 'seeded'} in ${fmt((performance.now() - t0) / 1000)} s: ${rows.shops.toLocaleString('en-US')} shops, ${rows.listings.toLocaleString('en-US')} listings, ${rows.products.toLocaleString('en-US')} products, ${rows.skus.toLocaleString('en-US')} SKUs, ${rows.codes.toLocaleString('en-US')} card codes\n`,
    );
    databases[key] = url;
  }

  console.log('Load:');
  const plain = await benchPlainNode();
  const runsOf = (shops: number) => [
    { label: `category pages, all ${shops.toLocaleString('en-US')} shops`, shops, categories: 10 },
    {
      label: `shops 1–10 of a ${shops.toLocaleString('en-US')}-shop platform`,
      shops: 10,
      categories: 10,
    },
  ];
  console.log(' Page cache off (every page rendered: loaders, PostgreSQL, React):');
  const [rendered, renderedLarge] = await benchPlatform(
    databases.large,
    runsOf(large.shops),
    'rendered',
  );
  const [renderedSmall] = await benchPlatform(
    databases.small,
    runsOf(small.shops).slice(1),
    'rendered',
  );
  console.log(' Page cache on (as served: pages kept until the change feed reports a change):');
  const [category, oneShopLarge] = await benchPlatform(
    databases.large,
    runsOf(large.shops),
    'cached',
  );
  const [oneShopSmall] = await benchPlatform(
    databases.small,
    runsOf(small.shops).slice(1),
    'cached',
  );

  const rpsTarget = 1_000;
  const p99Target = 50;
  const flat = oneShopLarge!.p99 / oneShopSmall!.p99;
  const flatRendered = renderedLarge!.p99 / renderedSmall!.p99;
  console.log(`
Results (${CONNECTIONS} connections, browser-like requests that accept gzip):
  category pages across 1,000 shops:   ${fmt(category!.requestsPerSecond, 0)} req/s, p50 ${fmt(category!.p50)} ms, p99 ${fmt(category!.p99)} ms   [target ≥ ${rpsTarget} req/s, p99 < ${p99Target} ms: ${category!.requestsPerSecond >= rpsTarget && category!.p99 < p99Target ? 'met' : 'MISSED'}]
    rendered on every request:         ${fmt(rendered!.requestsPerSecond, 0)} req/s, p50 ${fmt(rendered!.p50)} ms, p99 ${fmt(rendered!.p99)} ms
  plain Node HTTP:                     ${fmt(plain.requestsPerSecond, 0)} req/s, p50 ${fmt(plain.p50)} ms, p99 ${fmt(plain.p99)} ms
  category page / plain Node:          ${fmt((category!.requestsPerSecond / plain.requestsPerSecond) * 100)} % of the requests/s (rendered: ${fmt((rendered!.requestsPerSecond / plain.requestsPerSecond) * 100)} %)
  flatness, p99 of the same shops' pages, platform of 1,000 vs 10 shops: ${fmt(oneShopLarge!.p99)} ms vs ${fmt(oneShopSmall!.p99)} ms = ${fmt(flat, 2)}×   [target ≤ 1.5×: ${flat <= 1.5 ? 'met' : 'MISSED'}]
    rendered on every request:         ${fmt(renderedLarge!.p99)} ms vs ${fmt(renderedSmall!.p99)} ms = ${fmt(flatRendered, 2)}×
  server CPU per category page:        cached: Node ${fmt(category!.nodeCpuMs, 2)} ms; rendered: Node ${fmt(rendered!.nodeCpuMs, 2)} ms + PostgreSQL ${rendered!.pgCpuMs === null ? 'n/a' : `${fmt(rendered!.pgCpuMs, 2)} ms`} (plain Node: ${fmt(plain.nodeCpuMs, 3)} ms)
  machine load average at the end:     ${loadavg()
    .map((n) => fmt(n, 2))
    .join(', ')} on ${cpus().length} cores (other work on the machine skews the figures)
Total time ${fmt((performance.now() - started) / 1000)} s.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
