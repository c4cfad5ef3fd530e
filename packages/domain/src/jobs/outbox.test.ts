import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, withTenant } from '@cardshop/db';
import { createTestDatabase, type TestDatabase } from '@cardshop/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JobPayload } from './define-job.js';
import { enqueueJob, relayOutboxOnce, startOutboxRelay, type EnqueueOptions } from './outbox.js';
import type { JobEntry, JobQueue } from './queue.js';
import { runOutboxJob } from './run-job.js';
import {
  createScratchTables,
  effectCount,
  outboxRow,
  recordJob,
  startCount,
  waitFor,
} from './testing/test-jobs.js';

let t: TestDatabase;
const tenantId = randomUUID();

beforeAll(async () => {
  t = await createTestDatabase();
  await createScratchTables(t.owner.db);
});
afterAll(() => t.drop());

/** A queue that only records what it is handed. */
function recordingQueue(options: { delayMs?: number; refuse?: boolean } = {}) {
  const added: JobEntry[] = [];
  const queue: JobQueue = {
    kind: 'bullmq',
    async add(entry) {
      if (options.delayMs) await sleep(options.delayMs);
      if (options.refuse) throw new Error('redis is down');
      added.push(entry);
    },
    async startWorkers() {},
    async ping() {},
    async close() {},
  };
  const handed = (id: string) => added.filter((entry) => entry.id === id).length;
  return { queue, added, handed };
}

function enqueueCommitted(
  payload: JobPayload<typeof recordJob> = { subjectId: randomUUID() },
  opts: EnqueueOptions = {},
) {
  return withTenant(t.app.db, tenantId, (trx) => enqueueJob(trx, recordJob, payload, opts));
}

describe('enqueueJob', () => {
  test('writes the outbox row inside a tenant transaction, as the application role', async () => {
    const subjectId = randomUUID();
    const id = await enqueueCommitted({ subjectId });

    const row = await outboxRow(t.owner.db, id);
    expect(row).toMatchObject({
      queue: 'test-jobs',
      name: 'test.record',
      payload: { subjectId },
      dispatched_at: null,
      completed_at: null,
      attempts: 0,
    });
  });

  test('rejects a payload that does not match the job schema, and writes nothing', async () => {
    const before = await t.owner.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      withTenant(t.app.db, tenantId, (trx) =>
        enqueueJob(trx, recordJob, { subjectId: 'not-a-uuid' }),
      ),
    ).rejects.toThrow(/enqueueJob\(test\.record\): invalid payload[\s\S]*subjectId/);
    const after = await t.owner.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('stores only what the schema keeps, so stray fields never reach the queue', async () => {
    const subjectId = randomUUID();
    const payload = { subjectId, cardCode: 'SECRET-1234' };
    const id = await enqueueCommitted(payload);
    expect((await outboxRow(t.owner.db, id))?.payload).toEqual({ subjectId });
  });

  test('a job enqueued in a transaction that rolls back leaves nothing for the relay', async () => {
    const { queue, handed } = recordingQueue();
    let id = '';
    await expect(
      withTenant(t.app.db, tenantId, async (trx) => {
        id = await enqueueJob(trx, recordJob, { subjectId: randomUUID() });
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');

    await relayOutboxOnce({ db: t.app.db, queue, redispatchAfterMs: 0 });
    expect(id).not.toBe('');
    expect(handed(id)).toBe(0);
    expect(await outboxRow(t.owner.db, id)).toBeUndefined();
  });
});

describe('outbox relay', () => {
  test('hands a row once, and again only when it was handed long ago and never completed', async () => {
    const { queue, handed } = recordingQueue();
    const id = await enqueueCommitted();

    await relayOutboxOnce({ db: t.app.db, queue });
    await relayOutboxOnce({ db: t.app.db, queue });
    expect(handed(id)).toBe(1);
    expect((await outboxRow(t.owner.db, id))?.dispatched_at).toBeInstanceOf(Date);

    await sql`update outbox set dispatched_at = now() - interval '10 minutes' where id = ${id}`.execute(
      t.owner.db,
    );
    await relayOutboxOnce({ db: t.app.db, queue });
    expect(handed(id)).toBe(2);

    await sql`update outbox set completed_at = now(), dispatched_at = now() - interval '1 day' where id = ${id}`.execute(
      t.owner.db,
    );
    await relayOutboxOnce({ db: t.app.db, queue, redispatchAfterMs: 0 });
    expect(handed(id)).toBe(2);
  });

  test('two relays running at once hand each row exactly once', async () => {
    const ids = await withTenant(t.app.db, tenantId, async (trx) => {
      const out: string[] = [];
      for (let i = 0; i < 120; i++) {
        out.push(await enqueueJob(trx, recordJob, { subjectId: randomUUID() }));
      }
      return out;
    });
    const { queue, handed } = recordingQueue({ delayMs: 30 });
    const drain = async () => {
      while ((await relayOutboxOnce({ db: t.app.db, queue, batchSize: 25 })) > 0);
    };

    await Promise.all([drain(), drain()]);

    expect(ids.map(handed)).toEqual(ids.map(() => 1));
    const open = await t.owner.db
      .selectFrom('outbox')
      .select('id')
      .where('id', 'in', ids)
      .where('dispatched_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
  });

  test('does not hand a row before its run_at', async () => {
    const { queue, handed } = recordingQueue();
    const later = await enqueueCommitted(undefined, { delayMs: 60_000 });
    const past = await enqueueCommitted(undefined, { runAt: new Date(Date.now() - 1_000) });

    await relayOutboxOnce({ db: t.app.db, queue });

    expect(handed(later)).toBe(0);
    expect(handed(past)).toBe(1);
  });

  test('leaves a row the queue refuses undispatched, with the reason, and tries it later', async () => {
    const { queue } = recordingQueue({ refuse: true });
    const id = await enqueueCommitted();

    expect(await relayOutboxOnce({ db: t.app.db, queue, retryDelayMs: 60_000 })).toBe(0);

    const row = await outboxRow(t.owner.db, id);
    expect(row?.dispatched_at).toBeNull();
    expect(row?.last_error).toMatch(/redis is down/);
    expect(row!.run_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  test('kick() hands a just-committed row without waiting for the interval', async () => {
    const { queue, handed } = recordingQueue();
    const relay = startOutboxRelay({ db: t.app.db, queue, intervalMs: 60_000 });
    try {
      await sleep(200); // let the first pass finish and the long wait begin
      const id = await enqueueCommitted();
      relay.kick();
      await waitFor('the kicked relay to hand the row', async () => handed(id) === 1, 3_000);
    } finally {
      await relay.stop();
    }
  });
});

describe('runOutboxJob', () => {
  const deps = () => ({ db: t.app.db, logger: pino({ level: 'silent' }) });

  test('runs an open row once and skips it once it is completed', async () => {
    const id = await enqueueCommitted();
    const input = { id, attempt: 1, finalAttempt: false };

    expect(await runOutboxJob(recordJob, input, deps())).toBe('completed');
    expect(await runOutboxJob(recordJob, input, deps())).toBe('skipped');

    expect(await startCount(t.app.db, id)).toBe(1);
    expect(await effectCount(t.app.db, id)).toBe(1);
    const row = await outboxRow(t.owner.db, id);
    expect(row?.completed_at).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(1);
  });

  test('skips a job id that has no committed outbox row', async () => {
    const id = randomUUID();
    expect(await runOutboxJob(recordJob, { id, attempt: 1, finalAttempt: false }, deps())).toBe(
      'skipped',
    );
    expect(await startCount(t.app.db, id)).toBe(0);
  });
});
