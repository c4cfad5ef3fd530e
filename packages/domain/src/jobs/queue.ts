import type { Database } from '@cardshop/db';
import type { Logger } from 'pino';
import type { JobDefinition, JobServices } from './define-job.js';

/** One outbox row handed to a queue. `id` is the outbox id and the queue's job id. */
export interface JobEntry {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  runAt?: Date;
}

export interface WorkerDeps {
  db: Database;
  /** What handlers that talk to the outside world need (mail, gateways, the code vault). */
  services?: JobServices;
  /** Defaults to the logger the queue was created with. */
  logger?: Logger;
}

/**
 * Where outbox rows go to be run: BullMQ on Redis, or in-process in embedded mode. An adapter is
 * created with the job registry (it reads attempts and backoff from it when adding, and runs its
 * handlers). Both run handlers through runOutboxJob, so a completed outbox row never runs again.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  /**
   * Idempotent by entry.id: adding an id the queue holds (or finished recently) does nothing.
   * Rejects a job the registry does not have on that queue.
   */
  add(entry: JobEntry): Promise<void>;
  /** Runs the registry's jobs, on every queue it names, in this process. */
  startWorkers(deps: WorkerDeps): Promise<void>;
  ping(): Promise<void>;
  /** Stops taking jobs, waits for running handlers, releases connections. */
  close(): Promise<void>;
}

export interface JobRegistry {
  readonly definitions: readonly JobDefinition[];
  /** Queue names, each once. */
  readonly queues: readonly string[];
  get(name: string): JobDefinition | undefined;
}

export function createJobRegistry(definitions: readonly JobDefinition[]): JobRegistry {
  const byName = new Map<string, JobDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) {
      throw new TypeError(`createJobRegistry: job "${definition.name}" is defined twice`);
    }
    byName.set(definition.name, definition);
  }
  return {
    definitions: [...definitions],
    queues: [...new Set(definitions.map((d) => d.queue))],
    get: (name) => byName.get(name),
  };
}

/** The definition a queue entry names; throws when the registry does not have it on that queue. */
export function definitionFor(
  registry: JobRegistry,
  entry: { name: string; queue: string },
): JobDefinition {
  const definition = registry.get(entry.name);
  if (definition?.queue !== entry.queue) {
    throw new Error(`no job "${entry.name}" on queue "${entry.queue}" in the registry`);
  }
  return definition;
}
