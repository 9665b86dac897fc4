import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Submission } from '@app/persistence';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

export type ClaimResult = { claimed: true; submission: Submission } | { claimed: false; reason: 'missing' | 'up_to_date' };

/** The submission row is the source of truth for analysis state; these are its short, locked transitions. */
@Injectable()
export class SubmissionStateService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
  ) {}

  /** Marks the submission analyzing unless it is gone or already analysed by this analyzer version. */
  async claim(submissionId: string): Promise<ClaimResult> {
    return this.ds.transaction(async (m) => {
      const s = await m.findOne(Submission, { where: { id: submissionId }, lock: { mode: 'pessimistic_write' } });
      if (!s) return { claimed: false, reason: 'missing' };
      if (isUpToDate(s, this.analyzer.version)) return { claimed: false, reason: 'up_to_date' };
      s.status = 'analyzing';
      s.attempts += 1;
      await m.update(Submission, { id: s.id }, { status: 'analyzing', attempts: s.attempts });
      return { claimed: true, submission: s };
    });
  }

  /** Gives up on a submission, unless another run already finished it (then its result stands). */
  async markFailed(submissionId: string, errorCode: string, errorMessage: string): Promise<void> {
    await this.ds.query(
      `UPDATE submissions SET status = 'failed', error_code = $2, error_message = $3, progress = NULL, updated_at = now()
        WHERE id = $1 AND NOT (status = 'analyzed' AND analyzer_version = $4)`,
      [submissionId, errorCode, errorMessage, this.analyzer.version],
    );
  }

  /**
   * The file is a scan or photo: from now on the `ocr` queue analyses it. Back to queued with `needs_ocr` set, in one
   * statement, so the row is the durable intent the sweeper re-adds to the `ocr` queue if the job below is lost.
   */
  async handToOcr(submissionId: string): Promise<boolean> {
    const [, affected] = await this.ds.query(
      `UPDATE submissions SET status = 'queued', needs_ocr = true, progress = NULL, error_message = NULL, updated_at = now()
        WHERE id = $1 AND status = 'analyzing'`,
      [submissionId],
    );
    return affected > 0;
  }

  /** Pages OCR has read so far (also keeps the row fresh for the sweeper while a long scan is read). */
  async setProgress(submissionId: string, page: number, total: number): Promise<void> {
    await this.ds.query(
      `UPDATE submissions SET progress = $2::jsonb, updated_at = now() WHERE id = $1 AND status = 'analyzing'`,
      [submissionId, JSON.stringify({ page, total })],
    );
  }

  /** Progress only means something while the file is read. */
  async clearProgress(submissionId: string): Promise<void> {
    await this.ds.query(`UPDATE submissions SET progress = NULL WHERE id = $1 AND progress IS NOT NULL`, [submissionId]);
  }

  /** A transient failure with retries left: back to queued, so the sweeper's view matches the retry waiting in Redis. */
  async markRetrying(submissionId: string, errorMessage: string): Promise<void> {
    await this.ds.query(
      `UPDATE submissions SET status = 'queued', error_message = $2, progress = NULL, updated_at = now() WHERE id = $1 AND status = 'analyzing'`,
      [submissionId, errorMessage],
    );
  }
}

/** Analysed by this version — as a report, judged not to be one, or held for its year (until a person acts). */
export function isUpToDate(s: Pick<Submission, 'status' | 'analyzerVersion'>, version: string): boolean {
  return (s.status === 'analyzed' || s.status === 'rejected_not_report' || s.status === 'needs_year_confirmation') && s.analyzerVersion === version;
}
