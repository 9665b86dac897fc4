import { Logger } from '@nestjs/common';
import { OnWorkerEvent } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { expectJobName, type AnalyzeSubmissionJob, type JOBS } from '@app/queue';
import { ProcessorHost } from '../queues/processor-host';
import { AnalysisFailures, type OcrLimits } from './analysis-failures.service';
import type { AnalysisOutcome } from './analysis-runner.service';

type SubmissionJobName = typeof JOBS.analyzeSubmission | typeof JOBS.ocrSubmission;

/**
 * What the `analysis` and `ocr` processors share: one job per submission, a job of another name refused, and any
 * failure recorded on the submission row by AnalysisFailures (permanent → failed at once; transient → queued for the
 * retry, failed after the last attempt). Subclasses say which job they take and how they run it.
 */
export abstract class SubmissionProcessor extends ProcessorHost {
  private readonly failedLogger = new Logger(this.constructor.name);

  protected constructor(
    private readonly jobName: SubmissionJobName,
    private readonly failures: AnalysisFailures,
  ) {
    super();
  }

  protected abstract run(job: Job<AnalyzeSubmissionJob>): Promise<AnalysisOutcome>;

  /** The OCR limits to name in a failure's reason (the ocr queue only). */
  protected ocrLimits(): OcrLimits | undefined {
    return undefined;
  }

  async process(job: Job<AnalyzeSubmissionJob>): Promise<AnalysisOutcome> {
    expectJobName(job, this.jobName);
    try {
      return await this.run(job);
    } catch (e) {
      return this.failures.handle(job, job.data.submissionId, e, this.ocrLimits());
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error) {
    this.failedLogger.warn(`${job?.queueName} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
