import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUES, WORKER_LOCK_OPTIONS, type OcrProgress, type OcrSubmissionJob } from '@app/queue';
import { ProcessorHost } from '../queues/processor-host';
import { AnalysisFailures } from './analysis-failures.service';
import { AnalysisRunnerService, type AnalysisOutcome } from './analysis-runner.service';
import { SubmissionStateService } from './submission-state.service';

/**
 * ocr queue: a scan or photo the analysis handed over (the submission's `needs_ocr`). OCR takes seconds a page, so
 * this queue has its own concurrency (`OCR_CONCURRENCY`, default 1 per worker process) and text reports on the
 * `analysis` queue never wait behind it. Progress per page on the job ({ page, total }) and on the submission row.
 * Past `OCR_MAX_PAGES` or `OCR_TIMEOUT_SECONDS` the submission fails with a Chinese reason naming the limit.
 */
@Processor(QUEUES.ocr, WORKER_LOCK_OPTIONS)
export class OcrProcessor extends ProcessorHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OcrProcessor.name);

  constructor(
    private readonly runner: AnalysisRunnerService,
    private readonly state: SubmissionStateService,
    private readonly failures: AnalysisFailures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<OcrSubmissionJob>): Promise<AnalysisOutcome> {
    const { submissionId } = job.data;
    try {
      return await this.runner.runOcr(submissionId, (page, total) => {
        const progress: OcrProgress = { page, total };
        // Progress is advisory: a failed write must not fail the read.
        void job.updateProgress({ ...progress }).catch(() => undefined);
        void this.state.setProgress(submissionId, page, total).catch(() => undefined);
      });
    } catch (e) {
      return this.failures.handle(job, submissionId, e, { maxPages: this.config.ocr.maxPages, timeoutMs: this.config.ocr.timeoutMs });
    }
  }

  /** Concurrency comes from config, which the decorator cannot read. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.ocr.concurrency;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error) {
    this.logger.warn(`ocr ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
