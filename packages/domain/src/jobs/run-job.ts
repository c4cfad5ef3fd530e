import { asSystem, sql, type Database } from '@cardshop/db';
import type { Logger } from 'pino';
import {
  isPermanentFailure,
  UnrecoverableError,
  type JobDefinition,
  type JobServices,
} from './define-job.js';

export interface RunJobInput {
  /** The outbox id. */
  id: string;
  /** 1-based attempt number as the queue counts it. */
  attempt: number;
  /** True when the queue will not retry a failure of this attempt. */
  finalAttempt: boolean;
}

export type RunJobResult = 'completed' | 'skipped';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ERROR_LENGTH = 2_000;

/**
 * Runs one outbox row's handler; both adapters call it. The outbox row, not the queue, decides:
 * a row that is completed (or was never committed) is skipped, so a replayed or re-added job does
 * not run twice once it has finished. The payload is read from the row, the source of truth.
 *
 * Row bookkeeping: `attempts` counts handler starts (including ones a dead worker never finished);
 * success sets `completed_at` and clears `last_error`; a failure records `last_error`, and the
 * last one (permanent, or out of attempts) also sets `completed_at`, so the relay stops re-handing
 * it: a dead row is `completed_at is not null and last_error is not null`.
 */
export async function runOutboxJob(
  definition: JobDefinition,
  job: RunJobInput,
  deps: { db: Database; logger: Logger; services?: JobServices | undefined },
): Promise<RunJobResult> {
  const logger = deps.logger.child({ job: definition.name, jobId: job.id, attempt: job.attempt });
  if (!UUID.test(job.id)) throw new UnrecoverableError(`job id "${job.id}" is not an outbox id`);

  const row = await asSystem(deps.db, (trx) =>
    trx
      .updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', job.id)
      .where('name', '=', definition.name)
      .where('completed_at', 'is', null)
      .returning(['payload'])
      .executeTakeFirst(),
  );
  if (!row) {
    const existing = await asSystem(deps.db, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['name', 'completed_at'])
        .where('id', '=', job.id)
        .executeTakeFirst(),
    );
    if (existing?.completed_at) logger.debug('outbox row already completed; skipped');
    else logger.warn({ row: existing ?? null }, 'no open outbox row for this job; skipped');
    return 'skipped';
  }

  try {
    const parsed = definition.schema.safeParse(row.payload);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `payload does not match the job schema: ${parsed.error.message}`,
      );
    }
    await definition.handler(parsed.data, {
      jobId: job.id,
      attempt: job.attempt,
      db: deps.db,
      logger,
      services: deps.services,
    });
  } catch (error) {
    const final = job.finalAttempt || isPermanentFailure(error);
    try {
      await asSystem(deps.db, (trx) =>
        trx
          .updateTable('outbox')
          .set({
            last_error: describe(error),
            ...(final ? { completed_at: sql<Date>`now()` } : {}),
          })
          .where('id', '=', job.id)
          .execute(),
      );
    } catch (bookkeeping) {
      logger.error({ err: bookkeeping }, 'could not record the job failure on its outbox row');
    }
    if (final) logger.error({ err: error }, 'job failed for good');
    else logger.warn({ err: error }, 'job failed; it will be retried');
    throw error;
  }

  // If this update is lost (crash, database down) the queue runs the handler again, which is why
  // handlers re-check state: delivery is at least once, effects are once.
  await asSystem(deps.db, (trx) =>
    trx
      .updateTable('outbox')
      .set({ completed_at: sql<Date>`now()`, last_error: null })
      .where('id', '=', job.id)
      .execute(),
  );
  logger.debug('job completed');
  return 'completed';
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
