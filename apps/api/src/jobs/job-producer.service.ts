import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { requestChecklistRecompute } from '@app/persistence';
import { QUEUES, addJob, analysisJob, deliverNotificationJob, recomputeJob, type AnalyzeSubmissionJob, type DeliverNotificationJob, type QueuedJob, type RecomputeChecklistJob } from '@app/queue';
import { ANALYZER_VERSION } from '@app/report-analyzer';

/** How long a request waits for Redis to take a job before answering anyway (the row is the intent). */
export const ENQUEUE_TIMEOUT_MS = 1500;

/**
 * The api's only contact with the queues: it adds jobs, never processes them. Every job follows a database row
 * that already says what should happen (a submission in received, a checklist_recompute_requests row), so a failed
 * or slow add is logged, never thrown and never waited for long: the worker's sweeper adds whatever is still
 * marked once Redis is back.
 */
@Injectable()
export class JobProducer {
  private readonly logger = new Logger('JobProducer');

  constructor(
    @InjectQueue(QUEUES.analysis) private readonly analysis: Queue<AnalyzeSubmissionJob>,
    @InjectQueue(QUEUES.checklist) private readonly checklist: Queue<RecomputeChecklistJob>,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue<DeliverNotificationJob>,
  ) {}

  /**
   * After the commit of outward notification rows (status pending, the intent): adds their delivery jobs without
   * holding the caller's answer; the worker's sweeper adds what could not be added here.
   */
  enqueueDeliveries(notificationIds: string[]): void {
    for (const id of notificationIds) void this.add(this.notifications, deliverNotificationJob(id));
  }

  /**
   * The analysis job of the submission's current `analysis_attempt` (0 for an upload; a retry increments it in the
   * statement that re-queues the row). The same id the worker's sweeper looks for, so a double add is a no-op.
   */
  async analyzeSubmission(submission: { id: string; analysisAttempt: number }): Promise<boolean> {
    return this.add(this.analysis, analysisJob(submission.id, ANALYZER_VERSION, submission.analysisAttempt));
  }

  /**
   * The durable half of a recompute: call inside the transaction that changes what the checklist is computed from.
   * After the commit, `enqueueRecompute` adds the job (or the sweeper does).
   */
  requestRecompute(m: EntityManager, townshipId: string, year: number): Promise<void> {
    return requestChecklistRecompute(m, townshipId, year);
  }

  /** After the commit: adds the job without holding the caller's answer (Redis may be down; the row stays). */
  enqueueRecompute(townshipId: string, year: number): void {
    void this.addRecompute(townshipId, year);
  }

  /**
   * After the commit, for an answer that should follow the job into Redis (bounded by ENQUEUE_TIMEOUT_MS). A waiting
   * recompute already covers this change; a running one may have read the state before it, so then a second job
   * with a distinct id follows it.
   */
  async addRecompute(townshipId: string, year: number): Promise<boolean> {
    const job = recomputeJob(townshipId, year);
    const existing = await withTimeout(this.checklist.getJob(job.opts.jobId), ENQUEUE_TIMEOUT_MS).catch(() => undefined);
    const running = existing && (await withTimeout(existing.getState(), ENQUEUE_TIMEOUT_MS).catch(() => 'unknown')) === 'active';
    return this.add(this.checklist, running ? recomputeJob(townshipId, year, Date.now()) : job);
  }

  private async add<T>(queue: Queue<T>, job: QueuedJob): Promise<boolean> {
    try {
      await withTimeout(addJob(queue as Queue, job), ENQUEUE_TIMEOUT_MS);
      return true;
    } catch (e) {
      this.logger.warn(`could not add ${job.name} ${job.opts.jobId} (the sweeper will): ${(e as Error).message}`);
      return false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
