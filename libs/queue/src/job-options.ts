import type { DefaultJobOptions } from 'bullmq';
import { QUEUES, type QueueName } from './queue-names';

/** Transient failures retry with exponential backoff; failed jobs stay in Redis for inspection. */
const base: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export const DEFAULT_JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  [QUEUES.analysis]: base,
  // A failed OCR run costs minutes: fewer retries, spaced further apart.
  [QUEUES.ocr]: { ...base, attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  [QUEUES.reanalysis]: { ...base, attempts: 3 },
  [QUEUES.checklist]: { ...base, removeOnComplete: true },
  [QUEUES.reminders]: { ...base, attempts: 3 },
  [QUEUES.notifications]: { ...base, attempts: 6, backoff: { type: 'exponential', delay: 5000 } },
  [QUEUES.maintenance]: { ...base, attempts: 1, removeOnComplete: true },
};

/** The BullMQ key prefix; tests give each run its own. */
export const DEFAULT_QUEUE_PREFIX = 'fazhi';

/**
 * Every worker holds its job's lock for 20 s and renews it every 10 s; a worker that dies (SIGKILL, OOM) stops
 * renewing, and the stalled-job check (every 10 s, in every live worker and at a worker's start) puts the job back in
 * the queue — within about 30 s instead of BullMQ's default minute. A job that stalls twice fails, and the sweeper
 * takes over from the database row.
 */
export const WORKER_LOCK_OPTIONS = { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 1 } as const;
