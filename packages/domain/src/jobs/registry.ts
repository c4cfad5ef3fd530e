import { listingSyncJob } from '../listings/listing-sync.job.js';
import type { JobDefinition } from './define-job.js';

/**
 * Every job the platform runs: add a context's job definitions here. The queue adapters take
 * exactly these; the relay leaves a row naming another job open, with the reason in last_error.
 */
export const allJobs: readonly JobDefinition[] = [listingSyncJob];
