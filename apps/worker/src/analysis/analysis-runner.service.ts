import { Inject, Injectable, Logger } from '@nestjs/common';
import { FileStore } from '@app/persistence';
import { CLOCK, type Clock } from '../clock/clock';
import { AnalysisWriterService } from './analysis-writer.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';
import { SubmissionStateService } from './submission-state.service';

export type AnalysisOutcome = { result: 'analyzed' | 'skipped'; reason?: string };

/** The stored file is gone: no retry can help. */
export class StoredFileMissingError extends Error {
  readonly code = 'FILE_MISSING';
  constructor(readonly storageKey: string) {
    super(`stored file not found: ${storageKey}`);
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
  ) {}

  async run(submissionId: string): Promise<AnalysisOutcome> {
    const claim = await this.state.claim(submissionId);
    if (!claim.claimed) return { result: 'skipped', reason: claim.reason };
    const s = claim.submission;
    if (!(await this.files.exists(s.storageKey))) throw new StoredFileMissingError(s.storageKey);
    const bytes = await this.files.get(s.storageKey);
    const analysis = await this.analyzer.analyzeFile(bytes, s.fileName);
    const result = await this.writer.write(s.id, analysis, this.clock.now());
    this.logger.debug(`${s.id} ${result}`);
    return { result, reason: result === 'skipped' ? 'up_to_date' : undefined };
  }
}
