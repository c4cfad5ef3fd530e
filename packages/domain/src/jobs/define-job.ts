import type { Database } from '@cardshop/db';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Env } from '../config/env.js';
import type { CodeVault } from '../inventory/code-crypto.js';
import type { EmailSender, SmsSender } from '../messaging/messaging.js';
import type { PaymentProviders } from '../payments/provider.js';

/**
 * Throw it from a handler for a failure that retrying cannot fix (the order was cancelled, the
 * supplier rejected the request for good): the job fails at once, with no further attempts, in both
 * adapters. Any other error is treated as transient and retried with backoff.
 */
export { UnrecoverableError };

export interface JobOptions {
  /** Runs in total, the first included. */
  attempts?: number;
  /** First retry delay; each later retry waits twice as long (exponential, as BullMQ counts). */
  backoffMs?: number;
}

export interface JobContext {
  /** The outbox id, which is also the queue's job id. Key idempotent effects on it. */
  jobId: string;
  /** 1-based; counts retries after failures, not restarts after a worker died. */
  attempt: number;
  db: Database;
  logger: Logger;
  /** Set by the runtime's workers; absent in bare queue tests. */
  services?: JobServices;
}

/** The parts of the Runtime a job handler may use besides the database. */
export interface JobServices {
  env: Env;
  email: EmailSender;
  sms: SmsSender;
  vault: CodeVault;
  payments: PaymentProviders;
}

/** The services, or a permanent failure naming the job that needed them. */
export function requireServices(ctx: JobContext, job: string): JobServices {
  if (!ctx.services) throw new Error(`job ${job} needs the runtime's services (mail, gateways)`);
  return ctx.services;
}

/**
 * One job: its name, its queue, a zod schema for the payload (ids only: the queue stores payloads
 * in clear text), retry options and the handler.
 *
 * Delivery is at least once: a worker that dies mid-handler, or a crash between the handler's
 * commit and the outbox being marked completed, runs the handler again. So a handler re-checks
 * state before acting (`... where status = 'paid'`, `on conflict do nothing`, a provider
 * idempotency key of ctx.jobId) and a second run changes nothing.
 */
export interface JobDefinition<TSchema extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly queue: string;
  readonly schema: TSchema;
  readonly options: Readonly<Required<JobOptions>>;
  handler(payload: z.output<TSchema>, ctx: JobContext): Promise<void>;
}

/** What enqueueJob accepts for a job. */
export type JobPayload<TJob> = TJob extends JobDefinition<infer TSchema> ? z.input<TSchema> : never;

export const DEFAULT_JOB_OPTIONS: Readonly<Required<JobOptions>> = {
  attempts: 5,
  backoffMs: 5_000,
};

// BullMQ builds Redis keys from queue names and rejects ':' in them; names show up in logs.
const NAME = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;

export function defineJob<TSchema extends z.ZodType>(definition: {
  name: string;
  queue: string;
  schema: TSchema;
  options?: JobOptions;
  handler: (payload: z.output<TSchema>, ctx: JobContext) => Promise<void>;
}): JobDefinition<TSchema> {
  for (const [field, value] of [
    ['name', definition.name],
    ['queue', definition.queue],
  ] as const) {
    if (!NAME.test(value)) {
      throw new TypeError(
        `defineJob: ${field} "${value}" must be lower-case words joined by . _ or -`,
      );
    }
  }
  const options = {
    attempts: definition.options?.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
    backoffMs: definition.options?.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs,
  };
  if (!Number.isInteger(options.attempts) || options.attempts < 1) {
    throw new TypeError(`defineJob(${definition.name}): attempts must be a positive integer`);
  }
  if (!Number.isFinite(options.backoffMs) || options.backoffMs < 0) {
    throw new TypeError(`defineJob(${definition.name}): backoffMs must be zero or more`);
  }
  return {
    name: definition.name,
    queue: definition.queue,
    schema: definition.schema,
    options: Object.freeze(options),
    handler: definition.handler,
  };
}

/** The delay before retry number `attemptsMade` (1 after the first failure), as BullMQ computes it. */
export function backoffDelay(
  options: Readonly<Required<JobOptions>>,
  attemptsMade: number,
): number {
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * options.backoffMs);
}

export function isPermanentFailure(error: unknown): boolean {
  return (
    error instanceof UnrecoverableError ||
    (error instanceof Error && error.name === 'UnrecoverableError')
  );
}
