import { UnrecoverableError, type Job, type JobsOptions, type Queue } from 'bullmq';
import type {
  AnalyzeSubmissionJob,
  CountyRemindersJob,
  DeliverNotificationJob,
  OcrSubmissionJob,
  ReanalysisReason,
  ReanalyzeAllJob,
  RecomputeChecklistJob,
  RunRemindersJob,
  SweepStuckSubmissionsJob,
} from './job-payloads';
import { JOBS, QUEUES, type JobName, type QueueName } from './queue-names';

// Every job any process adds is built here: its queue, name, payload and a job id derived from the business key, so
// adding the same job twice while the first is still in Redis is a no-op. BullMQ 5 rejects a custom id containing ':'
// unless it splits into exactly three parts (the legacy repeatable form), so every id here has no ':' or exactly two.

export interface JobPayloads {
  [JOBS.analyzeSubmission]: AnalyzeSubmissionJob;
  [JOBS.ocrSubmission]: OcrSubmissionJob;
  [JOBS.reanalyzeAll]: ReanalyzeAllJob;
  [JOBS.recomputeChecklist]: RecomputeChecklistJob;
  [JOBS.runReminders]: RunRemindersJob;
  [JOBS.runCountyReminders]: CountyRemindersJob;
  [JOBS.deliverNotification]: DeliverNotificationJob;
  [JOBS.sweepStuckSubmissions]: SweepStuckSubmissionsJob;
}

/** The queue each job name belongs to (a processor takes only these names). */
export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JOBS.analyzeSubmission]: QUEUES.analysis,
  [JOBS.ocrSubmission]: QUEUES.ocr,
  [JOBS.reanalyzeAll]: QUEUES.reanalysis,
  [JOBS.recomputeChecklist]: QUEUES.checklist,
  [JOBS.runReminders]: QUEUES.reminders,
  [JOBS.runCountyReminders]: QUEUES.reminders,
  [JOBS.deliverNotification]: QUEUES.notifications,
  [JOBS.sweepStuckSubmissions]: QUEUES.maintenance,
};

/** A job ready for `Queue.add(name, data, opts)` or `addBulk`; the queue's default options (job-options.ts) apply. */
export interface QueuedJob<N extends JobName = JobName> {
  queue: QueueName;
  name: N;
  data: JobPayloads[N];
  opts: JobsOptions & { jobId: string };
}

function queued<N extends JobName>(name: N, data: JobPayloads[N], jobId: string, opts: JobsOptions = {}): QueuedJob<N> {
  return { queue: QUEUE_OF_JOB[name], name, data, opts: { ...opts, jobId } };
}

/**
 * The analysis of a submission. `attempt` is the row's `analysis_attempt`: the statement that re-queues a submission
 * (api retry, forced re-analysis, sweeper) increments it, so whoever re-queues names the same job, and a job BullMQ
 * keeps as finished never swallows the new one. A new analyzer version is a new id by itself.
 */
export function analysisJob(submissionId: string, analyzerVersion: string, attempt: number): QueuedJob<typeof JOBS.analyzeSubmission> {
  return queued(JOBS.analyzeSubmission, { submissionId }, `analyze:${submissionId}:${analyzerVersion}#${attempt}`);
}

/** The OCR of a scan the analysis handed over: the same attempt as the analysis job it follows. */
export function ocrJob(submissionId: string, analyzerVersion: string, attempt: number): QueuedJob<typeof JOBS.ocrSubmission> {
  return queued(JOBS.ocrSubmission, { submissionId }, `ocr:${submissionId}:${analyzerVersion}#${attempt}`);
}

/**
 * One township-year recompute. A waiting one covers every change made before it runs; `followUp` (a distinct stamp)
 * names a second job for a change that a running one may have missed.
 */
export function recomputeJob(townshipId: string, year: number, followUp?: number): QueuedJob<typeof JOBS.recomputeChecklist> {
  // '#', not ':': BullMQ 5 refuses custom ids whose ':' parts are not exactly three.
  return queued(JOBS.recomputeChecklist, { townshipId, year }, `checklist:${townshipId}:${year}${followUp === undefined ? '' : `#${followUp}`}`);
}

/** A bulk re-analysis; `stamp` says which occasion (the analyzer version for `analyzer_version`), so it runs once per occasion. */
export function reanalyzeAllJob(
  reason: ReanalysisReason,
  stamp: string,
  scope: Omit<ReanalyzeAllJob, 'reason'> = {},
): QueuedJob<typeof JOBS.reanalyzeAll> {
  return queued(JOBS.reanalyzeAll, { reason, ...scope }, `reanalyze:${reason}:${stamp}`);
}

/** A reminder run as of a date: once per date, unless `manualStamp` marks a run an admin started. */
export function reminderRunJob(asOf: string, manualStamp?: number): QueuedJob<typeof JOBS.runReminders> {
  return queued(JOBS.runReminders, { asOf }, manualStamp === undefined ? `reminders-${asOf}` : `reminders-manual-${manualStamp}`);
}

/**
 * One county's share of a reminder run, a child of the run's job: its id derives from the run's, so a retried run adds
 * no second set; a county that fails does not hold the run forever.
 */
export function countyRemindersJob(
  run: { id: string; queueQualifiedName: string },
  data: CountyRemindersJob,
): QueuedJob<typeof JOBS.runCountyReminders> {
  return queued(JOBS.runCountyReminders, data, `${run.id.replace(/:/g, '_')}-county-${data.countyId}`, {
    parent: { id: run.id, queue: run.queueQualifiedName },
    ignoreDependencyOnFailure: true,
  });
}

/** The delivery of one outward notification (email, webhook, group robot). */
export function deliverNotificationJob(notificationId: string): QueuedJob<typeof JOBS.deliverNotification> {
  return queued(JOBS.deliverNotification, { notificationId }, `deliver-${notificationId}`);
}

/** Templates of the repeatable jobs (BullMQ's job schedulers make their ids). */
export const SCHEDULED_JOBS = {
  sweep: { name: JOBS.sweepStuckSubmissions, data: {} satisfies SweepStuckSubmissionsJob },
  dailyReminders: { name: JOBS.runReminders, data: {} satisfies RunRemindersJob },
} as const;

/** Adds a built job to its queue; a job built for another queue is a programming error, refused before Redis. */
export function addJob(queue: Queue, job: QueuedJob): Promise<Job> {
  assertQueue(queue, job);
  return queue.add(job.name, job.data, job.opts);
}

/** Adds built jobs to their queue in one round trip. */
export async function addJobs(queue: Queue, jobs: QueuedJob[]): Promise<Job[]> {
  for (const j of jobs) assertQueue(queue, j);
  return jobs.length ? queue.addBulk(jobs.map(({ name, data, opts }) => ({ name, data, opts }))) : [];
}

function assertQueue(queue: Queue, job: QueuedJob): void {
  if (job.queue !== queue.name) throw new Error(`job ${job.name} (${job.opts.jobId}) belongs on queue ${job.queue}, not ${queue.name}`);
}

/** A job whose name its queue's processor does not take: it fails at once, without retries. */
export class UnknownJobError extends UnrecoverableError {
  constructor(queueName: string, name: string, expected: readonly string[]) {
    super(`queue ${queueName} has no job named "${name}" (it takes ${expected.join(', ')})`);
    this.name = 'UnknownJobError';
  }
}

/** The first line of every processor: a job of another name is refused, never processed as if it were the expected one. */
export function expectJobName<J extends { name: string; queueName: string }, N extends JobName>(job: J, ...expected: N[]): asserts job is J & { name: N } {
  if (!(expected as string[]).includes(job.name)) throw new UnknownJobError(job.queueName, job.name, expected);
}
