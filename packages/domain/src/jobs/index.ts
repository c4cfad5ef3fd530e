export { createBullmqQueue } from './bullmq-queue.js';
export type { BullmqQueueOptions } from './bullmq-queue.js';
export { defineJob, requireServices, UnrecoverableError } from './define-job.js';
export type {
  JobContext,
  JobDefinition,
  JobOptions,
  JobPayload,
  JobServices,
} from './define-job.js';
export { createInProcessQueue } from './in-process-queue.js';
export type { InProcessQueueOptions } from './in-process-queue.js';
export { enqueueJob, relayOutboxOnce, startOutboxRelay } from './outbox.js';
export type {
  EnqueueOptions,
  OutboxRelay,
  OutboxRelayOptions,
  RelayPassOptions,
} from './outbox.js';
export { createJobRegistry } from './queue.js';
export type { JobEntry, JobQueue, JobRegistry, WorkerDeps } from './queue.js';
export { allJobs } from './registry.js';
export { runOutboxJob } from './run-job.js';
export type { RunJobInput, RunJobResult } from './run-job.js';
