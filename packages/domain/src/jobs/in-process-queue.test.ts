import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, withTenant } from '@cardshop/db';
import { createTestDatabase, type TestDatabase } from '@cardshop/db/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { JobDefinition } from './define-job.js';
import { createInProcessQueue } from './in-process-queue.js';
import { enqueueJob, relayOutboxOnce, startOutboxRelay, type OutboxRelay } from './outbox.js';
import type { JobQueue } from './queue.js';
import {
  brokenJob,
  createScratchTables,
  effectCount,
  failingJob,
  flakyJob,
  outboxRow,
  recordJob,
  slowJob,
  holdSlowJobs,
  releaseSlowJobs,
  startCount,
  testRegistry,
  waitFor,
} from './testing/test-jobs.js';

let t: TestDatabase;
let queue: JobQueue;
let relay: OutboxRelay;
const tenantId = randomUUID();

beforeAll(async () => {
  t = await createTestDatabase();
  await createScratchTables(t.owner.db);
  queue = createInProcessQueue({ registry: testRegistry, concurrency: 4 });
  await queue.startWorkers({ db: t.app.db });
  relay = startOutboxRelay({ db: t.app.db, queue, intervalMs: 50 });
});
afterAll(async () => {
  await relay?.stop();
  await queue?.close();
  await t?.drop();
});

async function enqueueAndKick(job: JobDefinition, opts: { delayMs?: number } = {}) {
  const id = await withTenant(t.app.db, tenantId, (trx) =>
    enqueueJob(trx, job, { subjectId: randomUUID() }, opts),
  );
  relay.kick();
  return id;
}

function finished(id: string) {
  return waitFor(`outbox row ${id} to be finished`, async () => {
    const row = await outboxRow(t.owner.db, id);
    return row?.completed_at ? row : undefined;
  });
}

test('a job enqueued in a committed transaction runs exactly once', async () => {
  const id = await enqueueAndKick(recordJob);

  const row = await finished(id);
  await sleep(300); // room for a second run, if there were one

  expect(await startCount(t.app.db, id)).toBe(1);
  expect(await effectCount(t.app.db, id)).toBe(1);
  expect(row).toMatchObject({ attempts: 1, last_error: null });
});

test('a job enqueued in a transaction that rolls back never runs', async () => {
  let rolledBack = '';
  await expect(
    withTenant(t.app.db, tenantId, async (trx) => {
      rolledBack = await enqueueJob(trx, recordJob, { subjectId: randomUUID() });
      throw new Error('out of stock');
    }),
  ).rejects.toThrow('out of stock');
  // A job committed afterwards has run, so the relay and the workers have been through.
  const marker = await enqueueAndKick(recordJob);
  await finished(marker);
  await sleep(300);

  expect(rolledBack).not.toBe('');
  expect(await startCount(t.app.db, rolledBack)).toBe(0);
  expect(await effectCount(t.app.db, rolledBack)).toBe(0);
  expect(await outboxRow(t.owner.db, rolledBack)).toBeUndefined();
});

test('relay replays and re-adds of a job, in this process or after a restart, do not run it twice', async () => {
  holdSlowJobs();
  const id = await enqueueAndKick(slowJob);
  await waitFor('the slow job to start', async () => (await startCount(t.app.db, id)) === 1);

  // Mid-run: the relay hands it again and it is added again; the queue holds the id.
  await sql`update outbox set dispatched_at = now() - interval '1 hour' where id = ${id}`.execute(
    t.owner.db,
  );
  await relayOutboxOnce({ db: t.app.db, queue });
  const replayed = await outboxRow(t.owner.db, id);
  expect(replayed?.dispatched_at?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  releaseSlowJobs();
  const entry = { id, queue: slowJob.queue, name: slowJob.name, payload: {} };
  await queue.add(entry);
  await finished(id);

  // After it finished: a fresh queue (a restarted process) remembers nothing; the outbox row does.
  const restarted = createInProcessQueue({ registry: testRegistry });
  await restarted.startWorkers({ db: t.app.db });
  await restarted.add(entry);
  await restarted.close();
  await sleep(200);

  expect(await startCount(t.app.db, id)).toBe(1);
  expect(await effectCount(t.app.db, id)).toBe(1);
});

test('retries a failing handler with backoff until it succeeds', async () => {
  const id = await enqueueAndKick(flakyJob);

  const row = await finished(id);

  expect(await startCount(t.app.db, id)).toBe(3);
  expect(await effectCount(t.app.db, id)).toBe(1);
  expect(row).toMatchObject({ attempts: 3, last_error: null });
});

test('gives up after the job’s attempts and leaves the row dead with the last error', async () => {
  const id = await enqueueAndKick(failingJob);

  const row = await finished(id);
  await sleep(300);

  expect(await startCount(t.app.db, id)).toBe(failingJob.options.attempts);
  expect(row.last_error).toMatch(/supplier timed out/);
});

test('stops at once on UnrecoverableError', async () => {
  const id = await enqueueAndKick(brokenJob);

  const row = await finished(id);
  await sleep(300);

  expect(brokenJob.options.attempts).toBeGreaterThan(1);
  expect(await startCount(t.app.db, id)).toBe(1);
  expect(row.last_error).toMatch(/UnrecoverableError: order was cancelled/);
});

test('a delayed job does not run before its runAt', async () => {
  // The row is due later, so only the direct add below can start it early.
  const runAt = new Date(Date.now() + 700);
  const id = await withTenant(t.app.db, tenantId, (trx) =>
    enqueueJob(
      trx,
      recordJob,
      { subjectId: randomUUID() },
      { runAt: new Date(Date.now() + 60_000) },
    ),
  );
  await sql`update outbox set run_at = ${runAt} where id = ${id}`.execute(t.owner.db);
  await queue.add({ id, queue: recordJob.queue, name: recordJob.name, payload: {}, runAt });

  await sleep(400);
  expect(await startCount(t.app.db, id)).toBe(0);
  await finished(id);
  const { rows } = await sql<{ started_at: Date }>`
    select started_at from job_test_starts where job_id = ${id}
  `.execute(t.app.db);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.started_at.getTime()).toBeGreaterThanOrEqual(runAt.getTime() - 5);
});

test('a job enqueued with a delay runs after it, through the relay', async () => {
  const enqueuedAt = Date.now();
  const id = await enqueueAndKick(recordJob, { delayMs: 600 });

  await sleep(300);
  expect(await startCount(t.app.db, id)).toBe(0);
  await finished(id);
  const { rows } = await sql<{ started_at: Date }>`
    select started_at from job_test_starts where job_id = ${id}
  `.execute(t.app.db);
  expect(rows[0]!.started_at.getTime()).toBeGreaterThanOrEqual(enqueuedAt + 600 - 5);
});

test('dedupes an id added twice before the workers start', async () => {
  const own = createInProcessQueue({ registry: testRegistry });
  const id = await withTenant(t.app.db, tenantId, (trx) =>
    enqueueJob(trx, recordJob, { subjectId: randomUUID() }, { delayMs: 60_000 }),
  );
  const entry = { id, queue: recordJob.queue, name: recordJob.name, payload: {} };
  await Promise.all([own.add(entry), own.add(entry)]);
  await own.startWorkers({ db: t.app.db });
  await finished(id);
  await own.close();

  expect(await startCount(t.app.db, id)).toBe(1);
});

test('close() waits for running handlers to finish', async () => {
  const own = createInProcessQueue({ registry: testRegistry });
  await own.startWorkers({ db: t.app.db });
  const id = await withTenant(t.app.db, tenantId, (trx) =>
    enqueueJob(trx, slowJob, { subjectId: randomUUID() }, { delayMs: 60_000 }),
  );
  await own.add({ id, queue: slowJob.queue, name: slowJob.name, payload: {} });
  await waitFor('the slow job to start', async () => (await startCount(t.app.db, id)) === 1);

  await own.close();

  expect(await effectCount(t.app.db, id)).toBe(1);
  expect((await outboxRow(t.owner.db, id))?.completed_at).toBeInstanceOf(Date);
  await expect(
    own.add({ id: randomUUID(), queue: 'test-jobs', name: 'test.record', payload: {} }),
  ).rejects.toThrow(/closed/);
});

test('rejects a job the registry does not have', async () => {
  await expect(
    queue.add({ id: randomUUID(), queue: 'test-jobs', name: 'test.unknown', payload: {} }),
  ).rejects.toThrow(/no job "test.unknown"/);
});
