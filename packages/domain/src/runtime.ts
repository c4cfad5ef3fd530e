import { openDatabase, sql, type Database } from '@cardshop/db';
import type { Env } from './config/env.js';
import {
  createBullmqQueue,
  createInProcessQueue,
  createJobRegistry,
  startOutboxRelay,
  type JobQueue,
  type OutboxRelay,
} from './jobs/index.js';
import type { JobServices } from './jobs/define-job.js';
import { allJobs } from './jobs/registry.js';
import { openChangeFeed, type ChangeFeed } from './changes/change-feed.js';
import { createLogger, type Logger } from './logger.js';
import { createMessaging } from './messaging/create-messaging.js';
import type { EmailSender, SmsSender } from './messaging/messaging.js';
import { createCodeVault, type CodeVault } from './inventory/code-crypto.js';
import { createTestGateway } from './payments/test-gateway.js';
import { paymentProviders, type PaymentProviders } from './payments/provider.js';
import { createRateLimiter } from './security/create-rate-limiter.js';
import type { RateLimiter } from './security/rate-limiter.js';
import { createTenantResolver, type TenantResolver } from './tenants/resolve-tenant.js';

/** Everything a process needs, created once at start-up and passed down. */
export interface Runtime {
  env: Env;
  db: Database;
  dbKind: 'postgres' | 'embedded';
  queue: JobQueue;
  logger: Logger;
  tenants: TenantResolver;
  /** SMS and email: a real provider when configured, else the dev inbox under DATA_DIR/mail. */
  sms: SmsSender;
  email: EmailSender;
  /** What changed in the database, after commit (cache invalidation). */
  changes: ChangeFeed;
  /** Rate limits and sign-in lockouts: Redis with REDIS_URL, else in memory. */
  rateLimiter: RateLimiter;
  /** The payment gateways buyers can choose (the built-in test gateway now; real ones later). */
  payments: PaymentProviders;
  /** Seals and opens card codes (CARD_CODE_KEYS / CARD_CODE_INDEX_KEY). */
  vault: CodeVault;
  /** Wakes the outbox relay right after a transaction that enqueued jobs has committed. */
  kickOutbox(): void;
  /** Starts the job workers and the outbox relay in this process. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function createRuntime(env: Env, options: { logger?: Logger } = {}): Promise<Runtime> {
  const logger =
    options.logger ??
    createLogger({
      level: env.LOG_LEVEL,
      pretty: env.NODE_ENV === 'development' && process.stdout.isTTY,
    });
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    appDatabaseUrl: env.APP_DATABASE_URL,
    dataDir: env.DATA_DIR,
    migrate: env.embedded,
    poolSize: env.DATABASE_POOL_SIZE,
  });
  const changes = await openChangeFeed(handle, logger);
  const registry = createJobRegistry(allJobs);
  const queue: JobQueue = env.REDIS_URL
    ? createBullmqQueue({ registry, redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, logger })
    : createInProcessQueue({ registry, logger });
  let relay: OutboxRelay | undefined;
  const messaging = createMessaging(env, logger);
  const rateLimiter = createRateLimiter({ env });
  const services: JobServices = {
    env,
    email: messaging.email,
    sms: messaging.sms,
    vault: createCodeVault({ keys: env.CARD_CODE_KEYS, indexKey: env.CARD_CODE_INDEX_KEY }),
    payments: paymentProviders(createTestGateway({ secret: env.APP_SECRET })),
  };

  return {
    env,
    db: handle.db,
    dbKind: handle.kind,
    queue,
    logger,
    tenants: createTenantResolver({
      db: handle.db,
      platformDomain: env.PLATFORM_DOMAIN,
      changes,
    }),
    changes,
    sms: messaging.sms,
    email: messaging.email,
    rateLimiter,
    payments: services.payments,
    vault: services.vault,
    kickOutbox: () => relay?.kick(),
    async startWorker() {
      await queue.startWorkers({ db: handle.db, services });
      relay = startOutboxRelay({ db: handle.db, queue, logger, intervalMs: 250 });
    },
    async close() {
      await relay?.stop();
      await queue.close();
      await rateLimiter.close();
      await changes.close();
      await handle.close();
    },
  };
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { ok: boolean; kind: string; latencyMs: number; error?: string };
  queue: { ok: boolean; kind: string; latencyMs: number; error?: string };
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000) {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export async function checkHealth(
  runtime: Pick<Runtime, 'db' | 'dbKind' | 'queue'>,
): Promise<HealthReport> {
  const [database, queue] = await Promise.all([
    timed(() => sql`select 1`.execute(runtime.db)),
    timed(() => runtime.queue.ping()),
  ]);
  return {
    status: database.ok && queue.ok ? 'ok' : 'degraded',
    database: { ...database, kind: runtime.dbKind },
    queue: { ...queue, kind: runtime.queue.kind },
  };
}
