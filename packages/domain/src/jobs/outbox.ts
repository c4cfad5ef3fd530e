import { randomUUID } from 'node:crypto';
import { asSystem, sql, type Database, type ScopedTx, type SupplierTx } from '@cardshop/db';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import type { JobDefinition } from './define-job.js';
import type { JobQueue } from './queue.js';

export interface EnqueueOptions {
  /** Not before this time. */
  runAt?: Date;
  /** Not before this many milliseconds from now. */
  delayMs?: number;
}

/**
 * Writes a job to the outbox in the caller's transaction and returns its id (the queue's job id).
 * It runs only if that transaction commits; call relay.kick() after the commit to start it at once.
 *
 * The payload is validated and stored as the schema outputs it. Payloads carry ids only (no card
 * codes, personal data or secrets: the queue stores them in clear text) and their schemas are
 * plain JSON, without transforms, because the runner parses the stored payload again.
 */
export async function enqueueJob<TSchema extends z.ZodType>(
  trx: ScopedTx | SupplierTx,
  job: JobDefinition<TSchema>,
  payload: z.input<TSchema>,
  opts: EnqueueOptions = {},
): Promise<string> {
  if (opts.runAt && opts.delayMs !== undefined) {
    throw new TypeError(`enqueueJob(${job.name}): pass runAt or delayMs, not both`);
  }
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) {
    throw new TypeError(
      `enqueueJob(${job.name}): invalid payload\n${z.prettifyError(parsed.error)}`,
      {
        cause: parsed.error,
      },
    );
  }
  const runAt =
    opts.runAt ?? (opts.delayMs !== undefined ? new Date(Date.now() + opts.delayMs) : undefined);
  if (runAt && Number.isNaN(runAt.getTime())) {
    throw new TypeError(`enqueueJob(${job.name}): runAt is not a valid date`);
  }
  // The tenant role may insert into the outbox but not read it back, so no RETURNING.
  const id = randomUUID();
  await trx
    .insertInto('outbox')
    .values({
      id,
      queue: job.queue,
      name: job.name,
      payload: JSON.stringify(parsed.data),
      ...(runAt ? { run_at: runAt } : {}),
    })
    .execute();
  return id;
}

export interface RelayPassOptions {
  db: Database;
  queue: JobQueue;
  logger?: Logger;
  /** Rows per transaction. */
  batchSize?: number;
  /** A row handed this long ago and still not completed is handed again (the queue ignores ids it holds). */
  redispatchAfterMs?: number;
  /** A row the queue refused is tried again after this long. */
  retryDelayMs?: number;
  /** Longest wait for the queue to take one row, since the rows stay locked meanwhile. */
  addTimeoutMs?: number;
}

/**
 * One relay pass: hands due rows that were never handed (or were handed long ago and never
 * completed) to the queue and stamps `dispatched_at`. Rows are locked `for update skip locked`
 * until the stamp commits, so two relays never hand the same row in the same round.
 * Returns how many rows were handed.
 */
export async function relayOutboxOnce(options: RelayPassOptions): Promise<number> {
  const logger = options.logger ?? silent;
  const redispatchAfterMs = options.redispatchAfterMs ?? 5 * 60_000;
  const retryDelayMs = options.retryDelayMs ?? 30_000;
  const addTimeoutMs = options.addTimeoutMs ?? 10_000;
  return asSystem(options.db, async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'queue', 'name', 'payload', 'run_at'])
      .where('completed_at', 'is', null)
      .where('run_at', '<=', sql<Date>`now()`)
      .where((eb) =>
        eb.or([
          eb('dispatched_at', 'is', null),
          eb(
            'dispatched_at',
            '<',
            sql<Date>`now() - ${redispatchAfterMs} * interval '1 millisecond'`,
          ),
        ]),
      )
      .orderBy('run_at')
      .limit(options.batchSize ?? 100)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return 0;

    const results = await Promise.allSettled(
      rows.map((row) =>
        withTimeout(
          options.queue.add({
            id: row.id,
            queue: row.queue,
            name: row.name,
            payload: row.payload,
            runAt: row.run_at,
          }),
          addTimeoutMs,
        ),
      ),
    );
    const handed: string[] = [];
    for (const [i, result] of results.entries()) {
      const row = rows[i]!;
      if (result.status === 'fulfilled') {
        handed.push(row.id);
        continue;
      }
      logger.warn(
        { err: result.reason, jobId: row.id, job: row.name },
        'the queue refused an outbox row',
      );
      await trx
        .updateTable('outbox')
        .set({
          last_error: `dispatch: ${String(result.reason)}`.slice(0, 2_000),
          run_at: sql<Date>`now() + ${retryDelayMs} * interval '1 millisecond'`,
        })
        .where('id', '=', row.id)
        .execute();
    }
    if (handed.length > 0) {
      await trx
        .updateTable('outbox')
        .set({ dispatched_at: sql<Date>`now()` })
        .where('id', 'in', handed)
        .execute();
    }
    logger.debug(
      { handed: handed.length, refused: rows.length - handed.length },
      'outbox relay pass',
    );
    return handed.length;
  });
}

export interface OutboxRelayOptions extends RelayPassOptions {
  /** Pause between passes when there is nothing to do. */
  intervalMs?: number;
}

export interface OutboxRelay {
  /** Runs a pass now (or right after the running one): call it after committing an enqueueJob. */
  kick(): void;
  /** Stops the relay after the running pass. */
  stop(): Promise<void>;
}

/**
 * Polls the outbox under asSystem and hands due rows to the queue. With the in-process queue, which
 * starts empty, its first pass also re-hands rows handed before a restart and never completed.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const logger = (options.logger ?? silent).child({ component: 'outbox-relay' });
  const intervalMs = options.intervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  let firstPass = options.queue.kind === 'in-process';
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function loop() {
    do {
      again = false;
      try {
        const handed = await relayOutboxOnce({
          ...options,
          logger,
          ...(firstPass ? { redispatchAfterMs: 0 } : {}),
        });
        firstPass = false;
        if (handed >= batchSize) again = true;
      } catch (err) {
        logger.error({ err }, 'outbox relay pass failed');
      }
    } while (again && !stopped);
  }

  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = loop().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  }

  tick();
  return {
    kick: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

const silent = pino({ level: 'silent' });

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
