import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, type AnalyzeSubmissionJob } from '@app/queue';
import { AnalysisFailures } from './analysis-failures.service';
import { AnalysisRunnerService, type AnalysisOutcome } from './analysis-runner.service';
import { SubmissionProcessor } from './submission-processor';

/**
 * analysis queue: one job per submission (and per analyzer version and attempt). A scan or photo is handed to the
 * `ocr` queue. Failures as in SubmissionProcessor.
 */
@Processor(QUEUES.analysis, WORKER_LOCK_OPTIONS)
export class AnalysisProcessor extends SubmissionProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly runner: AnalysisRunnerService,
    failures: AnalysisFailures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(JOBS.analyzeSubmission, failures);
  }

  protected run(job: Job<AnalyzeSubmissionJob>): Promise<AnalysisOutcome> {
    return this.runner.run(job.data.submissionId);
  }

  /** Concurrency comes from config, which the decorator cannot read. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.worker.concurrency;
  }
}
