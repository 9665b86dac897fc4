import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, addJob, reanalyzeAllJob } from '@app/queue';
import { REPORT_ANALYZER, type ReportAnalyzer } from '../analysis/report-analyzer.port';

/**
 * At boot: submissions analysed by another analyzer version (a deploy changed the code or the lexicon) get one
 * bulk re-analysis. Its job id is derived from the version, so every worker that boots adds the same job once.
 */
@Injectable()
export class AnalyzerVersionCheckService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalyzerVersionCheckService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.reanalysis) private readonly queue: Queue,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
  ) {}

  async onApplicationBootstrap() {
    await this.check().catch((e) => this.logger.error(`analyzer version check failed: ${(e as Error).message}`));
  }

  async check(): Promise<number> {
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM submissions WHERE status = 'analyzed' AND analyzer_version IS DISTINCT FROM $1`,
      [this.analyzer.version],
    );
    if (n > 0) {
      await addJob(this.queue, reanalyzeAllJob('analyzer_version', this.analyzer.version));
      this.logger.log(`${n} submissions were analysed by another analyzer version; re-analysis queued`);
    }
    return n;
  }
}
