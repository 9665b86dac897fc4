import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Submission } from '@app/persistence';
import { QUEUES, addJob, recomputeJob, type RecomputeChecklistJob } from '@app/queue';
import { PENDING_SIBLING_SQL } from './recompute-coalescing';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

/** What a run needs of the submission it claimed. */
export type ClaimedSubmission = Pick<Submission, 'id' | 'fileName' | 'storageKey' | 'needsOcr' | 'attempts' | 'analysisAttempt'>;
export type ClaimResult = { claimed: true; submission: ClaimedSubmission } | { claimed: false; reason: 'missing' | 'up_to_date' };

type TownshipYear = { townshipId: string; year: number };

/** The statuses isUpToDate accepts, for SQL. */
const DONE_STATUSES = ['analyzed', 'rejected_not_report', 'needs_year_confirmation'];

/** The submission row is the source of truth for analysis state; these are its short, locked transitions. */
@Injectable()
export class SubmissionStateService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
    @InjectQueue(QUEUES.checklist) private readonly checklistQueue: Queue<RecomputeChecklistJob>,
  ) {}

  /**
   * Marks the submission analyzing unless it is gone or already analysed by this analyzer version: one conditional
   * UPDATE (its row lock makes two claims of one submission take turns); a second read only says why nothing was claimed.
   * The pages an earlier, killed attempt had read go with it: this attempt reads from the first page again.
   */
  async claim(submissionId: string): Promise<ClaimResult> {
    const [rows]: [ClaimedSubmission[], number] = await this.ds.query(
      `UPDATE submissions SET status = 'analyzing', attempts = attempts + 1, progress = NULL, updated_at = now()
        WHERE id = $1 AND NOT (status::text = ANY($3::text[]) AND analyzer_version IS NOT DISTINCT FROM $2)
        RETURNING id, file_name AS "fileName", storage_key AS "storageKey", needs_ocr AS "needsOcr", attempts, analysis_attempt AS "analysisAttempt"`,
      [submissionId, this.analyzer.version, DONE_STATUSES],
    );
    if (rows.length) return { claimed: true, submission: rows[0] };
    const [exists] = await this.ds.query(`SELECT 1 FROM submissions WHERE id = $1`, [submissionId]);
    return { claimed: false, reason: exists ? 'up_to_date' : 'missing' };
  }

  /** Gives up on a submission, unless another run already finished it (then its result stands). */
  async markFailed(submissionId: string, errorCode: string, errorMessage: string): Promise<void> {
    const [rows]: [TownshipYear[], number] = await this.ds.query(
      `UPDATE submissions SET status = 'failed', error_code = $2, error_message = $3, progress = NULL, updated_at = now()
        WHERE id = $1 AND NOT (status = 'analyzed' AND analyzer_version = $4)
        RETURNING township_id AS "townshipId", year`,
      [submissionId, errorCode, errorMessage, this.analyzer.version],
    );
    if (rows.length) await this.releaseDeferredRecompute(rows[0]);
  }

  /**
   * A submission that will not be written soon (failed, or handed to the slow OCR queue) may be the one a coalesced
   * recompute of its township-year was left to (see recompute-coalescing.ts): if a request is open and nothing else of
   * the township-year is pending, the recompute runs now as a job rather than waiting for the sweeper.
   */
  private async releaseDeferredRecompute({ townshipId, year }: TownshipYear): Promise<void> {
    const [row]: { open: boolean }[] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM checklist_recompute_requests WHERE township_id = $1 AND year = $2)
              AND NOT ${PENDING_SIBLING_SQL('$1', '$2', 'NULL')} AS open`,
      [townshipId, year],
    );
    if (!row.open) return;
    await addJob(this.checklistQueue as Queue, recomputeJob(townshipId, year));
  }

  /**
   * The file is a scan or photo: from now on the `ocr` queue analyses it. Back to queued with `needs_ocr` set, in one
   * statement, so the row is the durable intent the sweeper re-adds to the `ocr` queue if the job below is lost.
   */
  async handToOcr(submissionId: string): Promise<boolean> {
    const [rows]: [TownshipYear[], number] = await this.ds.query(
      `UPDATE submissions SET status = 'queued', needs_ocr = true, progress = NULL, error_message = NULL, updated_at = now()
        WHERE id = $1 AND status = 'analyzing'
        RETURNING township_id AS "townshipId", year`,
      [submissionId],
    );
    if (!rows.length) return false;
    await this.releaseDeferredRecompute(rows[0]);
    return true;
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
