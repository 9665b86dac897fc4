import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { Job, UnrecoverableError } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { analysisFailureMessage } from '@app/domain';
import { QUEUES, WORKER_LOCK_OPTIONS, type AnalyzeSubmissionJob } from '@app/queue';
import { describeAnalyzerError, isAnalyzerError } from '@app/report-analyzer/errors';
import { AnalysisRunnerService, StoredFileMissingError, type AnalysisOutcome } from './analysis-runner.service';
import { SubmissionStateService } from './submission-state.service';

/**
 * analysis queue: one job per submission (and per analyzer version). A file that cannot be read is a permanent
 * failure (UnrecoverableError, reason stored on the submission); anything else retries with backoff, and the
 * submission is marked failed when the last attempt fails too.
 */
@Processor(QUEUES.analysis, WORKER_LOCK_OPTIONS)
export class AnalysisProcessor extends ProcessorHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalysisProcessor.name);

  constructor(
    private readonly runner: AnalysisRunnerService,
    private readonly state: SubmissionStateService,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<AnalyzeSubmissionJob>): Promise<AnalysisOutcome> {
    const { submissionId } = job.data;
    try {
      return await this.runner.run(submissionId);
    } catch (e) {
      const fileName = await this.fileNameOf(submissionId);
      if ((isAnalyzerError(e) && e.permanent) || e instanceof StoredFileMissingError) {
        const reason = isAnalyzerError(e) ? describeAnalyzerError(e, fileName) : analysisFailureMessage(e.code, fileName);
        await this.state.markFailed(submissionId, e.code, reason);
        throw new UnrecoverableError(`${e.code}: ${e.message}`);
      }
      const message = e instanceof Error ? e.message : String(e);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.state.markFailed(submissionId, 'ANALYSIS_FAILED', `${analysisFailureMessage('ANALYSIS_FAILED', fileName)}（${message}）`);
      } else {
        await this.state.markRetrying(submissionId, `分析出错，将自动重试：${message}`);
      }
      throw e;
    }
  }

  private async fileNameOf(submissionId: string): Promise<string> {
    const rows: { file_name: string }[] = await this.ds.query(`SELECT file_name FROM submissions WHERE id = $1`, [submissionId]).catch(() => []);
    return rows[0]?.file_name ?? submissionId;
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
