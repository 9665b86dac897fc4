import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUES, WORKER_LOCK_OPTIONS, type AnalyzeSubmissionJob } from '@app/queue';
import { AnalysisFailures } from './analysis-failures.service';
import { AnalysisRunnerService, type AnalysisOutcome } from './analysis-runner.service';

/**
 * analysis queue: one job per submission (and per analyzer version). A scan or photo is handed to the `ocr` queue.
 * A file that cannot be read is a permanent failure (UnrecoverableError, reason stored on the submission); anything
 * else retries with backoff, and the submission is marked failed when the last attempt fails too.
 */
@Processor(QUEUES.analysis, WORKER_LOCK_OPTIONS)
export class AnalysisProcessor extends ProcessorHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalysisProcessor.name);

  constructor(
    private readonly runner: AnalysisRunnerService,
    private readonly failures: AnalysisFailures,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<AnalyzeSubmissionJob>): Promise<AnalysisOutcome> {
    const { submissionId } = job.data;
    try {
      return await this.runner.run(submissionId);
    } catch (e) {
      return this.failures.handle(job, submissionId, e);
    }
  }

  /** Concurrency comes from config, which the decorator cannot read. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error) {
    this.logger.warn(`analysis ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`);
  }
}
