import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { FileStore } from '@app/persistence';
import { QUEUES, addJob, ocrJob, type OcrSubmissionJob } from '@app/queue';
import type { Analysis } from '@app/report-analyzer/types';
import { detectFormat } from '@app/report-analyzer/extract';
import { isAnalyzerError } from '@app/report-analyzer/errors';
import { CLOCK, type Clock } from '../clock/clock';
import { AnalysisWriterService } from './analysis-writer.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';
import { SubmissionStateService, type ClaimedSubmission } from './submission-state.service';

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
    return this.claimed(submissionId, async (s, read) => {
      if (s.needsOcr) return this.handToOcr(s);
      const bytes = await read();
      if (isImage(bytes, s.fileName)) return this.handToOcr(s);
      let analysis;
      try {
        analysis = await this.analyzer.analyzeFile(bytes, s.fileName);
      } catch (e) {
        if (isAnalyzerError(e) && e.code === 'SCANNED_PDF') return this.handToOcr(s);
        throw e;
      }
      return this.write(s, analysis);
    });
  }

  /** The `ocr` queue: reads the scan page by page (`onPage` after each), then the same analysis and write. */
  async runOcr(submissionId: string, onPage: (page: number, total: number) => void): Promise<AnalysisOutcome> {
    return this.claimed(submissionId, async (s, read) => {
      const analysis = await this.analyzer.analyzeFile(await read(), s.fileName, { ocr: true, onOcrPage: onPage });
      // The write clears the progress with the status, in one statement: nobody sees "analysed, page 2/2". A write that
      // finds the submission already done (skipped) leaves the progress to clear here.
      const outcome = await this.write(s, analysis);
      if (outcome.result === 'skipped') await this.state.clearProgress(s.id);
      return outcome;
    });
  }

  /**
   * What both queues do first: claim the row — skipped when it is gone or already analysed by this version — and
   * give `work` the claimed row and a reader of its stored file (a missing file is a permanent failure).
   */
  private async claimed(submissionId: string, work: (s: ClaimedSubmission, read: () => Promise<Uint8Array>) => Promise<AnalysisOutcome>): Promise<AnalysisOutcome> {
    const claim = await this.state.claim(submissionId);
    if (!claim.claimed) return { result: 'skipped', reason: claim.reason };
    const s = claim.submission;
    return work(s, async () => {
      if (!(await this.files.exists(s.storageKey))) throw new StoredFileMissingError(s.storageKey);
      return this.files.get(s.storageKey);
    });
  }

  private async write(s: ClaimedSubmission, analysis: Analysis): Promise<AnalysisOutcome> {
    const result = await this.writer.write(s.id, analysis, this.clock.now());
    const ocr = analysis.source.ocr;
    this.logger.debug(`${s.id} ${result}${ocr ? ` (ocr, ${ocr.pages} pages)` : ''}`);
    return { result, reason: result === 'skipped' ? 'up_to_date' : undefined };
  }

  /**
   * Row first (needs_ocr, back to queued), then the job: if the add is lost, the sweeper re-adds it from the row. The
   * OCR job carries the row's attempt, the id the sweeper looks for.
   */
  private async handToOcr(s: ClaimedSubmission): Promise<AnalysisOutcome> {
    if (!(await this.state.handToOcr(s.id))) return { result: 'skipped', reason: 'changed' };
    await addJob(this.ocrQueue as Queue, ocrJob(s.id, this.analyzer.version, s.analysisAttempt));
    this.logger.debug(`${s.id} handed to the ocr queue`);
    return { result: 'handed_to_ocr' };
  }
}
