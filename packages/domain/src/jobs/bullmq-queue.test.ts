import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql, withTenant } from '@cardshop/db';
import { createTestDatabase, type TestDatabase } from '@cardshop/db/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBullmqQueue } from './bullmq-queue.js';
import type { JobDefinition } from './define-job.js';
import { enqueueJob, relayOutboxOnce, startOutboxRelay, type OutboxRelay } from './outbox.js';
import type { JobQueue } from './queue.js';
import {
  brokenJob,
  createScratchTables,
  deleteRedisPrefix,
  effectCount,
  outboxRow,
  recordJob,
  REDIS_URL,
  slowJob,
  holdSlowJobs,
  releaseSlowJobs,
  startCount,
  testRegistry,
  waitFor,
} from './testing/test-jobs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const childScript = path.join(here, 'testing/bullmq-worker-child.ts');

let t: TestDatabase;
let queue: JobQueue;
let relay: OutboxRelay;
const prefixes: string[] = [];
const tenantId = randomUUID();

function newPrefix() {
  const prefix = `cstest-${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await createScratchTables(t.owner.db);
  queue = createBullmqQueue({ registry: testRegistry, redisUrl: REDIS_URL, prefix: newPrefix() });
  await queue.startWorkers({ db: t.app.db });
  relay = startOutboxRelay({ db: t.app.db, queue, intervalMs: 50 });
});
afterAll(async () => {
  await relay?.stop();
  await queue?.close();
  for (const prefix of prefixes) await deleteRedisPrefix(prefix);
  await t?.drop();
});

async function enqueueAndKick(job: JobDefinition) {
  const id = await withTenant(t.app.db, tenantId, (trx) =>
    enqueueJob(trx, job, { subjectId: randomUUID() }),
  );
  relay.kick();
  return id;
}

function finished(id: string, timeoutMs?: number) {
  return waitFor(
    `outbox row ${id} to be finished`,
    async () => {
      const row = await outboxRow(t.owner.db, id);
      return row?.completed_at ? row : undefined;
    },
    timeoutMs,
  );
}

test('ping() answers while Redis is up', async () => {
  await expect(queue.ping()).resolves.toBeUndefined();
  expect(queue.kind).toBe('bullmq');
});

test('a job enqueued in a committed transaction runs exactly once on BullMQ', async () => {
  const id = await enqueueAndKick(recordJob);

  const row = await finished(id);
  await sleep(300);

  expect(await startCount(t.app.db, id)).toBe(1);
  expect(await effectCount(t.app.db, id)).toBe(1);
  expect(row).toMatchObject({ attempts: 1, last_error: null });
});

test('a job enqueued in a transaction that rolls back never runs on BullMQ', async () => {
  let rolledBack = '';
  await expect(
    withTenant(t.app.db, tenantId, async (trx) => {
      rolledBack = await enqueueJob(trx, recordJob, { subjectId: randomUUID() });
      throw new Error('out of stock');
    }),
  ).rejects.toThrow('out of stock');
  const marker = await enqueueAndKick(recordJob);
  await finished(marker);
  await sleep(300);

  expect(rolledBack).not.toBe('');
  expect(await startCount(t.app.db, rolledBack)).toBe(0);
  expect(await outboxRow(t.owner.db, rolledBack)).toBeUndefined();
});

test('relay replays and re-adds of the same id, held or forgotten by BullMQ, do not run it twice', async () => {
  holdSlowJobs();
  const id = await enqueueAndKick(slowJob);
  await waitFor('the slow job to start', async () => (await startCount(t.app.db, id)) === 1);

  // Mid-run, the relay hands the row again: BullMQ holds the id and ignores it.
  await sql`update outbox set dispatched_at = now() - interval '1 hour' where id = ${id}`.execute(
    t.owner.db,
  );
  await relayOutboxOnce({ db: t.app.db, queue });
  const replayed = await outboxRow(t.owner.db, id);
  expect(replayed?.dispatched_at?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  releaseSlowJobs();
  await finished(id);

  // Once BullMQ has forgotten the finished job, a re-add runs the worker, which finds the row done.
  const prefix = prefixes[0]!;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const raw = new Queue(slowJob.queue, { connection, prefix });
  try {
    await waitFor(
      'BullMQ to mark the job completed',
      async () => (await raw.getJobState(id)) === 'completed',
    );
    await raw.remove(id);
    await queue.add({ id, queue: slowJob.queue, name: slowJob.name, payload: {} });
    await waitFor(
      'the re-added job to complete',
      async () => (await raw.getJobState(id)) === 'completed',
    );
  } finally {
    await raw.close();
    await connection.quit();
  }

  expect(await startCount(t.app.db, id)).toBe(1);
  expect(await effectCount(t.app.db, id)).toBe(1);
});

test('UnrecoverableError fails a BullMQ job at once', async () => {
  const id = await enqueueAndKick(brokenJob);

  const row = await finished(id);
  await sleep(300);

  expect(await startCount(t.app.db, id)).toBe(1);
  expect(row.last_error).toMatch(/UnrecoverableError: order was cancelled/);
});

test('a worker killed mid-handler: the job runs again on another worker and its effect lands once', async () => {
  // The shared relay would hand the row to this file's other queue; stop it. The row goes to a
  // prefix of its own, which only the child works until it is killed.
  await relay.stop();
  const prefix = newPrefix();
  const timing = { lockDuration: 1_000, stalledInterval: 500 };
  const survivor = createBullmqQueue({
    registry: testRegistry,
    redisUrl: REDIS_URL,
    prefix,
    ...timing,
  });
  let child: ChildProcess | undefined;
  try {
    child = await spawnWorker(prefix);
    const id = await withTenant(t.app.db, tenantId, (trx) =>
      enqueueJob(trx, recordJob, { subjectId: randomUUID() }),
    );
    expect(await relayOutboxOnce({ db: t.app.db, queue: survivor })).toBeGreaterThanOrEqual(1);
    await waitFor(
      'the child to start the handler',
      async () => (await startCount(t.app.db, id)) >= 1,
    );
    await sleep(200);
    expect(await effectCount(t.app.db, id)).toBe(0);

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    await survivor.startWorkers({ db: t.app.db });
    const row = await finished(id, 15_000);

    expect(await effectCount(t.app.db, id)).toBe(1);
    expect(await startCount(t.app.db, id)).toBeGreaterThanOrEqual(2);
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.last_error).toBeNull();
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await survivor.close();
  }
});

/** Starts testing/bullmq-worker-child.ts with a handler that hangs, and waits until it works. */
function spawnWorker(prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CARDSHOP_TEST_DB_URL: t.url,
      CARDSHOP_TEST_PREFIX: prefix,
      CARDSHOP_TEST_JOB_HANG: '1',
      REDIS_URL,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker child did not start:\n${output}`));
    }, 15_000);
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
