import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Database } from '@cardshop/db';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { defineJob, UnrecoverableError, type JobContext } from '../define-job.js';
import { createJobRegistry } from '../queue.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Scratch tables for the job tests: every handler start is a row in job_test_starts (so a test can
 * count runs), and the effect is one row per job id in job_test_effects, written idempotently.
 */
export async function createScratchTables(owner: Database): Promise<void> {
  await sql`
    create table job_test_starts (
      id bigserial primary key,
      job_id uuid not null,
      attempt integer not null,
      started_at timestamptz not null default clock_timestamp()
    );
    create table job_test_effects (
      job_id uuid primary key,
      subject_id uuid not null,
      created_at timestamptz not null default clock_timestamp()
    );
    grant select, insert on job_test_starts, job_test_effects to cardshop_app, cardshop_platform;
    grant usage on sequence job_test_starts_id_seq to cardshop_app, cardshop_platform;
  `.execute(owner);
}

const subjectPayload = z.object({ subjectId: z.uuid() });

async function recordStart(ctx: JobContext): Promise<number> {
  await sql`insert into job_test_starts (job_id, attempt) values (${ctx.jobId}, ${ctx.attempt})`.execute(
    ctx.db,
  );
  return startCount(ctx.db, ctx.jobId);
}

// The handler's own re-check: a second run finds the row and changes nothing.
async function recordEffect(ctx: JobContext, subjectId: string): Promise<void> {
  await sql`
    insert into job_test_effects (job_id, subject_id) values (${ctx.jobId}, ${subjectId})
    on conflict (job_id) do nothing
  `.execute(ctx.db);
}

/** Records its effect. In a worker started with CARDSHOP_TEST_JOB_HANG=1 it hangs after starting. */
export const recordJob = defineJob({
  name: 'test.record',
  queue: 'test-jobs',
  schema: subjectPayload,
  options: { attempts: 3, backoffMs: 20 },
  async handler(payload, ctx) {
    await recordStart(ctx);
    if (process.env.CARDSHOP_TEST_JOB_HANG === '1') await new Promise<never>(() => {});
    await recordEffect(ctx, payload.subjectId);
  },
});

/** Fails its first two runs, then records its effect. */
export const flakyJob = defineJob({
  name: 'test.flaky',
  queue: 'test-jobs',
  schema: subjectPayload,
  options: { attempts: 4, backoffMs: 20 },
  async handler(payload, ctx) {
    const starts = await recordStart(ctx);
    if (starts <= 2) throw new Error(`flaky failure ${starts}`);
    await recordEffect(ctx, payload.subjectId);
  },
});

/** Always fails, transiently. */
export const failingJob = defineJob({
  name: 'test.failing',
  queue: 'test-jobs',
  schema: subjectPayload,
  options: { attempts: 3, backoffMs: 20 },
  async handler(_payload, ctx) {
    await recordStart(ctx);
    throw new Error('supplier timed out');
  },
});

/** Fails for good on its first run. */
export const brokenJob = defineJob({
  name: 'test.broken',
  queue: 'test-jobs',
  schema: subjectPayload,
  options: { attempts: 5, backoffMs: 20 },
  async handler(_payload, ctx) {
    await recordStart(ctx);
    throw new UnrecoverableError('order was cancelled');
  },
});

/** Takes a while, on a second queue. */
let slowGate: Promise<void> | null = null;
let openSlowGate: () => void = () => {};

/** Until releaseSlowJobs(), a started slowJob waits (no race with the machine's speed). */
export function holdSlowJobs() {
  slowGate = new Promise<void>((resolve) => (openSlowGate = resolve));
}

export function releaseSlowJobs() {
  openSlowGate();
  slowGate = null;
}

export const slowJob = defineJob({
  name: 'test.slow',
  queue: 'test-slow',
  schema: subjectPayload,
  async handler(payload, ctx) {
    await recordStart(ctx);
    await (slowGate ? Promise.race([slowGate, sleep(15_000)]) : sleep(400));
    await recordEffect(ctx, payload.subjectId);
  },
});

export const testRegistry = createJobRegistry([
  recordJob,
  flakyJob,
  failingJob,
  brokenJob,
  slowJob,
]);

export async function startCount(db: Database, jobId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from job_test_starts where job_id = ${jobId}
  `.execute(db);
  return rows[0]?.n ?? 0;
}

export async function effectCount(db: Database, jobId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from job_test_effects where job_id = ${jobId}
  `.execute(db);
  return rows[0]?.n ?? 0;
}

export async function outboxRow(owner: Database, id: string) {
  return owner.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Polls until check() is truthy; fails with `what` after timeoutMs. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Deletes every Redis key under a test file's BullMQ prefix. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
