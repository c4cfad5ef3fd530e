import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import {
  definitionFor,
  type JobEntry,
  type JobQueue,
  type JobRegistry,
  type WorkerDeps,
} from './queue.js';
import { runOutboxJob } from './run-job.js';

export interface BullmqQueueOptions {
  registry: JobRegistry;
  redisUrl: string;
  /** Redis key prefix; one per deployment (and per test file). */
  prefix?: string;
  logger?: Logger;
  /** Jobs this process runs at once, per queue. */
  concurrency?: number;
  /** How long a worker's lock on a running job lasts unrenewed: a dead worker's job runs again after it. */
  lockDuration?: number;
  /** How often workers look for running jobs whose lock has expired. */
  stalledInterval?: number;
  /** Stalls before BullMQ fails a job; its outbox row stays open and the relay re-hands it later. */
  maxStalledCount?: number;
  /** How long a finished job is kept in Redis; re-adding its id meanwhile is ignored. */
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
}

const DAY = 24 * 60 * 60;

/**
 * The queue on Redis. The job id is the outbox id, so BullMQ ignores a second add of an id it
 * still holds; once it has forgotten a finished job, runOutboxJob finds the row completed.
 */
export function createBullmqQueue(options: BullmqQueueOptions): JobQueue {
  const { registry } = options;
  const baseLogger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'bullmq' });
  const prefix = options.prefix ?? 'cardshop';
  // Workers need maxRetriesPerRequest: null: their blocking commands must outlast a reconnect.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => baseLogger.error({ err }, 'redis connection error'));
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  let closing: Promise<void> | null = null;

  function queueFor(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', (err) => baseLogger.error({ err, queue: name }, 'queue error'));
      queues.set(name, queue);
    }
    return queue;
  }

  return {
    kind: 'bullmq',

    async add(entry: JobEntry) {
      if (closing) throw new Error('the job queue is closed');
      const { attempts, backoffMs } = definitionFor(registry, entry).options;
      await queueFor(entry.queue).add(entry.name, entry.payload, {
        jobId: entry.id,
        delay: entry.runAt ? Math.max(0, entry.runAt.getTime() - Date.now()) : 0,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: { age: options.keepCompletedSeconds ?? DAY, count: 100_000 },
        removeOnFail: { age: options.keepFailedSeconds ?? 7 * DAY, count: 100_000 },
      });
    },

    async startWorkers(deps: WorkerDeps) {
      if (closing) throw new Error('the job queue is closed');
      if (workers.length > 0) throw new Error('workers are already running');
      const logger = deps.logger?.child({ component: 'bullmq' }) ?? baseLogger;

      for (const name of registry.queues) {
        const processor = async (job: Job) => {
          const definition = registry.get(job.name);
          if (definition?.queue !== name || !job.id) {
            throw new UnrecoverableError(`no job "${job.name}" on queue "${name}"`);
          }
          const attempt = job.attemptsMade + 1;
          await runOutboxJob(
            definition,
            { id: job.id, attempt, finalAttempt: attempt >= (job.opts.attempts ?? 1) },
            { db: deps.db, logger, services: deps.services },
          );
        };
        const worker = new Worker(name, processor, {
          connection,
          prefix,
          concurrency: options.concurrency ?? 5,
          lockDuration: options.lockDuration ?? 30_000,
          stalledInterval: options.stalledInterval ?? 30_000,
          maxStalledCount: options.maxStalledCount ?? 1,
        });
        worker.on('error', (err) => logger.error({ err, queue: name }, 'worker error'));
        worker.on('stalled', (jobId) =>
          logger.warn({ jobId, queue: name }, 'a worker died holding this job; it runs again'),
        );
        workers.push(worker);
      }
      await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    },

    async ping() {
      await connection.ping();
    },

    close() {
      closing ??= (async () => {
        // Workers first: close() lets running handlers finish and takes no new jobs.
        await Promise.all(workers.map((worker) => worker.close()));
        await Promise.all([...queues.values()].map((queue) => queue.close()));
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
