import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, type OcrProgress, type OcrSubmissionJob } from '@app/queue';
import { AnalysisFailures, type OcrLimits } from './analysis-failures.service';
import { AnalysisRunnerService, type AnalysisOutcome } from './analysis-runner.service';
import { SubmissionProcessor } from './submission-processor';
import { SubmissionStateService } from './submission-state.service';

/**
 * ocr queue: a scan or photo the analysis handed over (the submission's `needs_ocr`). OCR takes seconds a page, so
 * this queue has its own concurrency (`OCR_CONCURRENCY`, default 1 per worker process) and text reports on the
 * `analysis` queue never wait behind it. Progress per page on the job ({ page, total }) and on the submission row.
 * Past `OCR_MAX_PAGES` or `OCR_TIMEOUT_SECONDS` the submission fails with a Chinese reason naming the limit.
 */
@Processor(QUEUES.ocr, WORKER_LOCK_OPTIONS)
export class OcrProcessor extends SubmissionProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly runner: AnalysisRunnerService,
    private readonly state: SubmissionStateService,
    failures: AnalysisFailures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(JOBS.ocrSubmission, failures);
  }

  protected run(job: Job<OcrSubmissionJob>): Promise<AnalysisOutcome> {
    const { submissionId } = job.data;
    return this.runner.runOcr(submissionId, (page, total) => {
      const progress: OcrProgress = { page, total };
      // Progress is advisory: a failed write must not fail the read.
      void job.updateProgress({ ...progress }).catch(() => undefined);
      void this.state.setProgress(submissionId, page, total).catch(() => undefined);
    });
  }

  protected override ocrLimits(): OcrLimits {
    return { maxPages: this.config.ocr.maxPages, timeoutMs: this.config.ocr.timeoutMs };
  }

  /** Concurrency comes from config, which the decorator cannot read. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.ocr.concurrency;
  }
}
