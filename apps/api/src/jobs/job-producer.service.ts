import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JOBS, QUEUES, jobIds, type AnalyzeSubmissionJob, type RecomputeChecklistJob } from '@app/queue';
import { ANALYZER_VERSION } from '@app/report-analyzer';

/**
 * The api's only contact with the queues: it adds jobs, never processes them. A failed add is logged, not thrown:
 * the database row already says what should happen, and the worker's sweeper re-enqueues rows left behind.
 */
@Injectable()
export class JobProducer {
  private readonly logger = new Logger('JobProducer');

  constructor(
    @InjectQueue(QUEUES.analysis) private readonly analysis: Queue<AnalyzeSubmissionJob>,
    @InjectQueue(QUEUES.checklist) private readonly checklist: Queue<RecomputeChecklistJob>,
  ) {}

  /** First analysis: the deterministic id makes a double add a no-op. A retry needs a fresh id (BullMQ keeps failed jobs). */
  async analyzeSubmission(submissionId: string, retry = false): Promise<boolean> {
    const jobId = retry
      ? jobIds.analyzeSubmissionAttempt(submissionId, ANALYZER_VERSION, Date.now())
      : jobIds.analyzeSubmission(submissionId, ANALYZER_VERSION);
    return this.add(this.analysis, JOBS.analyzeSubmission, { submissionId }, jobId);
  }

  /**
   * A waiting recompute already covers this change; a running one may have read the state before it, so then a
   * second job with a distinct id follows it.
   */
  async recomputeChecklist(townshipId: string, year: number): Promise<boolean> {
    let jobId = jobIds.recomputeChecklist(townshipId, year);
    const existing = await this.checklist.getJob(jobId).catch(() => undefined);
    // '#', not ':': BullMQ 5 refuses custom ids whose ':' parts are not exactly three.
    if (existing && (await existing.getState().catch(() => 'unknown')) === 'active') jobId = `${jobId}#${Date.now()}`;
    return this.add(this.checklist, JOBS.recomputeChecklist, { townshipId, year }, jobId);
  }

  private async add<T>(queue: Queue<T>, name: string, data: T, jobId: string): Promise<boolean> {
    try {
      // BullMQ's generic job-name typing is stricter than our string constants; the names come from JOBS.
      await (queue as Queue).add(name, data, { jobId });
      return true;
    } catch (e) {
      this.logger.error(`could not add ${name} ${jobId}: ${(e as Error).message}`);
      return false;
    }
  }
}
