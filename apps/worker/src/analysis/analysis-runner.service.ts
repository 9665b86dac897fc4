import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { FileStore } from '@app/persistence';
import { JOBS, QUEUES, jobIds, type OcrSubmissionJob } from '@app/queue';
import { detectFormat } from '@app/report-analyzer/extract';
import { isAnalyzerError } from '@app/report-analyzer/errors';
import { CLOCK, type Clock } from '../clock/clock';
import { AnalysisWriterService } from './analysis-writer.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';
import { SubmissionStateService } from './submission-state.service';

export type AnalysisOutcome = { result: 'analyzed' | 'skipped' | 'handed_to_ocr'; reason?: string };

/** The stored file is gone: no retry can help. */
export class StoredFileMissingError extends Error {
  readonly code = 'FILE_MISSING';
  constructor(readonly storageKey: string) {
    super(`stored file not found: ${storageKey}`);
  }
}

/** An image OCR reads (JPEG, PNG, TIFF, WebP), by content. */
function isImage(bytes: Uint8Array, fileName: string): boolean {
  try {
    return detectFormat(bytes, fileName, { ocr: true }) === 'image';
  } catch {
    return false;
  }
}

/** One submission end to end: claim, read, analyse (outside any transaction), write. */
@Injectable()
export class AnalysisRunnerService {
  private readonly logger = new Logger(AnalysisRunnerService.name);

  constructor(
    private readonly state: SubmissionStateService,
    private readonly writer: AnalysisWriterService,
    private readonly files: FileStore,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectQueue(QUEUES.ocr) private readonly ocrQueue: Queue<OcrSubmissionJob>,
  ) {}

  /**
   * The `analysis` queue: text documents are analysed here. A scan or photo (an image, a PDF without a text layer,
   * or a submission already known to need OCR) is handed to the `ocr` queue instead, so it never holds up text reports.
   */
  async run(submissionId: string): Promise<AnalysisOutcome> {
    const claim = await this.state.claim(submissionId);
    if (!claim.claimed) return { result: 'skipped', reason: claim.reason };
    const s = claim.submission;
    if (s.needsOcr) return this.handToOcr(s.id, s.attempts);
    if (!(await this.files.exists(s.storageKey))) throw new StoredFileMissingError(s.storageKey);
    const bytes = await this.files.get(s.storageKey);
    if (isImage(bytes, s.fileName)) return this.handToOcr(s.id, s.attempts);
    let analysis;
    try {
      analysis = await this.analyzer.analyzeFile(bytes, s.fileName);
    } catch (e) {
      if (isAnalyzerError(e) && e.code === 'SCANNED_PDF') return this.handToOcr(s.id, s.attempts);
      throw e;
    }
    const result = await this.writer.write(s.id, analysis, this.clock.now());
    this.logger.debug(`${s.id} ${result}`);
    return { result, reason: result === 'skipped' ? 'up_to_date' : undefined };
  }

  /** The `ocr` queue: reads the scan page by page (`onPage` after each), then the same analysis and write. */
  async runOcr(submissionId: string, onPage: (page: number, total: number) => void): Promise<AnalysisOutcome> {
    const claim = await this.state.claim(submissionId);
    if (!claim.claimed) return { result: 'skipped', reason: claim.reason };
    const s = claim.submission;
    if (!(await this.files.exists(s.storageKey))) throw new StoredFileMissingError(s.storageKey);
    const bytes = await this.files.get(s.storageKey);
    const analysis = await this.analyzer.analyzeFile(bytes, s.fileName, { ocr: true, onOcrPage: onPage });
    const result = await this.writer.write(s.id, analysis, this.clock.now());
    await this.state.clearProgress(s.id);
    this.logger.debug(`${s.id} ${result} (ocr, ${analysis.source.ocr?.pages ?? 0} pages)`);
    return { result, reason: result === 'skipped' ? 'up_to_date' : undefined };
  }

  /**
   * Row first (needs_ocr, back to queued), then the job: if the add is lost, the sweeper re-adds it from the row. The
   * job id is the attempt the OCR run's claim will make, so the sweeper recognises it as live (see the sweeper).
   */
  private async handToOcr(submissionId: string, attempts: number): Promise<AnalysisOutcome> {
    if (!(await this.state.handToOcr(submissionId))) return { result: 'skipped', reason: 'changed' };
    const jobId = jobIds.ocrSubmissionAttempt(submissionId, this.analyzer.version, attempts + 1);
    await this.ocrQueue.add(JOBS.ocrSubmission, { submissionId }, { jobId });
    this.logger.debug(`${submissionId} handed to the ocr queue`);
    return { result: 'handed_to_ocr' };
  }
}
