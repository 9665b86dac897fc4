import { Inject } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, addJobs, analysisJob, expectJobName, recomputeJob, type QueuedJob, type ReanalyzeAllJob } from '@app/queue';
import { REPORT_ANALYZER, type ReportAnalyzer } from '../analysis/report-analyzer.port';

/**
 * reanalysis queue: after the analyzer version or lexicon changes, one analysis job per submission that is not
 * analysed by the current version; after a template change, one checklist recompute per township-year (the text
 * analysis does not depend on the template); 'manual' forces every submission in scope. Jobs are added at most
 * config.worker.reanalysisRatePerSecond per second, so a re-run of 1,000 reports never starves fresh uploads, and
 * progress is reported as {done, total} jobs enqueued. Deterministic job ids make a retried run add nothing twice.
 * A reason this code does not know (a job from another version, a typo) fails the job instead of guessing.
 */
@Processor(QUEUES.reanalysis, WORKER_LOCK_OPTIONS)
export class ReanalysisProcessor extends ProcessorHost {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.analysis) private readonly analysisQueue: Queue,
    @InjectQueue(QUEUES.checklist) private readonly checklistQueue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
  ) {
    super();
  }

  async process(job: Job<ReanalyzeAllJob>): Promise<{ total: number; kind: 'analysis' | 'checklist' }> {
    expectJobName(job, JOBS.reanalyzeAll);
    const reason = job.data.reason;
    switch (reason) {
      case 'template': {
        const jobs = await this.checklistJobs(job.data);
        await this.addPaced(job, this.checklistQueue, jobs);
        return { total: jobs.length, kind: 'checklist' };
      }
      case 'analyzer_version':
      case 'manual': {
        const jobs = await this.analysisJobs(job.data, reason === 'manual');
        await this.addPaced(job, this.analysisQueue, jobs);
        return { total: jobs.length, kind: 'analysis' };
      }
      default:
        throw new UnrecoverableError(`unknown re-analysis reason "${reason satisfies never}"`);
    }
  }

  /** " AND …" limiting to the job's county and year; `yearColumn` is the year of the table being listed. */
  private scope(data: ReanalyzeAllJob, params: unknown[], yearColumn = 's.year'): string {
    const where: string[] = [];
    if (data.countyId) {
      params.push(data.countyId);
      where.push(`t.county_id = $${params.length}`);
    }
    if (data.year) {
      params.push(data.year);
      where.push(`${yearColumn} = $${params.length}`);
    }
    return where.length ? `AND ${where.join(' AND ')}` : '';
  }

  private async analysisJobs(data: ReanalyzeAllJob, force: boolean): Promise<QueuedJob[]> {
    const version = this.analyzer.version;
    if (force) {
      const params: unknown[] = [];
      const scope = this.scope(data, params);
      // Forced: back to queued with a new attempt, counted in this statement (the row is the source of truth, so the
      // sweeper finds the same job id, or re-adds it if Redis loses it); earlier results keep counting until the new
      // ones are written. A row already waiting for its analysis is left to it, so a retried run adds nothing twice.
      const rows: { id: string; analysis_attempt: number }[] = (
        await this.ds.query(
          `UPDATE submissions s SET status = 'queued', analysis_attempt = s.analysis_attempt + 1, updated_at = now() FROM townships t
            WHERE t.id = s.township_id AND s.status NOT IN ('received', 'queued', 'analyzing') ${scope}
            RETURNING s.id, s.analysis_attempt`,
          params,
        )
      )[0];
      return rows.map((r) => analysisJob(r.id, version, r.analysis_attempt));
    }
    const params: unknown[] = [version];
    const scope = this.scope(data, params);
    // Not analysed by this version: the job of this version and the row's attempt is new, unless it already ran.
    const rows: { id: string; analysis_attempt: number }[] = await this.ds.query(
      `SELECT s.id, s.analysis_attempt FROM submissions s JOIN townships t ON t.id = s.township_id
        WHERE s.analyzer_version IS DISTINCT FROM $1 AND s.status IN ('analyzed', 'failed') ${scope}
        ORDER BY s.submitted_at`,
      params,
    );
    return rows.map((r) => analysisJob(r.id, version, r.analysis_attempt));
  }

  private async checklistJobs(data: ReanalyzeAllJob): Promise<QueuedJob[]> {
    const params: unknown[] = [];
    const scope = this.scope(data, params, 'c.year');
    const rows: { township_id: string; year: number }[] = await this.ds.query(
      `SELECT c.township_id, c.year FROM checklists c JOIN townships t ON t.id = c.township_id
        WHERE true ${scope} ORDER BY c.year, c.township_id`,
      params,
    );
    return rows.map((r) => recomputeJob(r.township_id, r.year));
  }

  private async addPaced(job: Job, queue: Queue, jobs: QueuedJob[]): Promise<void> {
    const rate = this.config.worker.reanalysisRatePerSecond;
    let done = 0;
    await job.updateProgress({ done, total: jobs.length });
    for (let i = 0; i < jobs.length; i += rate) {
      const started = Date.now();
      const chunk = jobs.slice(i, i + rate);
      await addJobs(queue, chunk);
      done += chunk.length;
      await job.updateProgress({ done, total: jobs.length });
      const wait = 1000 - (Date.now() - started);
      if (done < jobs.length && wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
