import { pino, type Logger } from 'pino';
import { backoffDelay, isPermanentFailure, type JobDefinition } from './define-job.js';
import {
  definitionFor,
  type JobEntry,
  type JobQueue,
  type JobRegistry,
  type WorkerDeps,
} from './queue.js';
import { runOutboxJob } from './run-job.js';

export interface InProcessQueueOptions {
  registry: JobRegistry;
  logger?: Logger;
  /** Jobs run at once, per queue. */
  concurrency?: number;
  /** How long a finished id is remembered; re-adding it meanwhile is ignored. */
  keepFinishedMs?: number;
}

interface Pending {
  entry: JobEntry;
  definition: JobDefinition;
  attemptsMade: number;
}

interface Running {
  db: WorkerDeps['db'];
  logger: Logger;
  services: WorkerDeps['services'];
}

/**
 * The queue for embedded mode: no Redis, jobs live in memory. A job lost when the process stops is
 * still an open outbox row, and the relay hands it again when the process starts.
 */
export function createInProcessQueue(options: InProcessQueueOptions): JobQueue {
  const baseLogger = (options.logger ?? pino({ level: 'silent' })).child({
    component: 'in-process-queue',
  });
  const concurrency = options.concurrency ?? 5;
  const keepFinishedMs = options.keepFinishedMs ?? 24 * 60 * 60 * 1000;
  /** Every id held or recently finished: undefined while held, then the time it finished. */
  const known = new Map<string, number | undefined>();
  const ready = new Map<string, Pending[]>();
  const runningCount = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const active = new Set<Promise<void>>();
  let workers: Running | null = null;
  let closed = false;
  let prunedAt = Date.now();

  function prune() {
    const now = Date.now();
    if (now - prunedAt < 60_000) return;
    prunedAt = now;
    for (const [id, finishedAt] of known) {
      if (finishedAt !== undefined && now - finishedAt > keepFinishedMs) known.delete(id);
    }
  }

  function schedule(job: Pending, delayMs: number) {
    if (closed) return;
    if (delayMs <= 0) {
      makeReady(job);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      makeReady(job);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  }

  function makeReady(job: Pending) {
    if (closed) return;
    const list = ready.get(job.entry.queue) ?? [];
    list.push(job);
    ready.set(job.entry.queue, list);
    pump(job.entry.queue);
  }

  function pump(queue: string) {
    const list = ready.get(queue);
    while (workers && !closed && list && list.length > 0) {
      if ((runningCount.get(queue) ?? 0) >= concurrency) return;
      const job = list.shift()!;
      runningCount.set(queue, (runningCount.get(queue) ?? 0) + 1);
      const run = execute(job, workers).finally(() => {
        runningCount.set(queue, (runningCount.get(queue) ?? 1) - 1);
        active.delete(run);
        pump(queue);
      });
      active.add(run);
    }
  }

  async function execute(job: Pending, deps: Running) {
    const { definition } = job;
    const { attempts } = definition.options;
    const attempt = job.attemptsMade + 1;
    try {
      await runOutboxJob(
        definition,
        { id: job.entry.id, attempt, finalAttempt: attempt >= attempts },
        { db: deps.db, logger: deps.logger, services: deps.services },
      );
      known.set(job.entry.id, Date.now());
    } catch (error) {
      // runOutboxJob has logged the failure and recorded it on the outbox row.
      job.attemptsMade = attempt;
      if (isPermanentFailure(error) || attempt >= attempts) known.set(job.entry.id, Date.now());
      else schedule(job, backoffDelay(definition.options, attempt));
    }
  }

  return {
    kind: 'in-process',

    async add(entry: JobEntry) {
      if (closed) throw new Error('the job queue is closed');
      const definition = definitionFor(options.registry, entry);
      prune();
      if (known.has(entry.id)) return;
      known.set(entry.id, undefined);
      schedule(
        { entry, definition, attemptsMade: 0 },
        entry.runAt ? entry.runAt.getTime() - Date.now() : 0,
      );
    },

    async startWorkers(deps: WorkerDeps) {
      if (closed) throw new Error('the job queue is closed');
      if (workers) throw new Error('workers are already running');
      workers = {
        db: deps.db,
        services: deps.services,
        logger: deps.logger?.child({ component: 'in-process-queue' }) ?? baseLogger,
      };
      for (const queue of ready.keys()) pump(queue);
    },

    async ping() {},

    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      ready.clear();
      while (active.size > 0) await Promise.allSettled([...active]);
    },
  };
}
