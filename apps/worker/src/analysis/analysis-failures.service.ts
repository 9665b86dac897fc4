import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { analysisFailureMessage } from '@app/domain';
import { describeAnalyzerError, isAnalyzerError, type AnalyzerError } from '@app/report-analyzer/errors';
import { StoredFileMissingError } from './analysis-runner.service';
import { SubmissionStateService } from './submission-state.service';

export interface OcrLimits {
  maxPages: number;
  timeoutMs: number;
}

/** The OCR limits a scan ran into, as the clerk reads them (the analyzer's generic TOO_LARGE words do not say which). */
export function ocrLimitMessage(e: AnalyzerError, fileName: string, limits: OcrLimits): string | undefined {
  if (e.code !== 'TOO_LARGE') return undefined;
  const remedy = '或上传可复制文字的 PDF、Word/WPS 原文件';
  const pages = /has (\d+) pages/.exec(e.message);
  if (pages) {
    return (
      `文件《${fileName}》是 ${pages[1]} 页的扫描件，超过了系统一次文字识别的上限（${limits.maxPages} 页）。` +
      `请拆分成每份不超过 ${limits.maxPages} 页的文件分别上传，${remedy}。`
    );
  }
  if (/took over \d+ ms/.test(e.message)) {
    const minutes = Math.max(1, Math.round(limits.timeoutMs / 60_000));
    return `文件《${fileName}》是扫描件或图片，文字识别超过了时限（${minutes} 分钟）仍未完成。请拆分成页数较少的文件分别上传，${remedy}。`;
  }
  return undefined;
}

/**
 * What a failed analysis or OCR run leaves on the submission. A file that cannot be read is a permanent failure
 * (UnrecoverableError, Chinese reason stored); anything else retries with the queue's backoff (row back to queued),
 * and the submission is marked failed when the last attempt fails too. Always rethrows.
 */
@Injectable()
export class AnalysisFailures {
  constructor(
    private readonly state: SubmissionStateService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async handle(job: Job, submissionId: string, e: unknown, ocrLimits?: OcrLimits): Promise<never> {
    const fileName = await this.fileNameOf(submissionId);
    if ((isAnalyzerError(e) && e.permanent) || e instanceof StoredFileMissingError) {
      const reason = isAnalyzerError(e)
        ? ((ocrLimits && ocrLimitMessage(e, fileName, ocrLimits)) ?? describeAnalyzerError(e, fileName))
        : analysisFailureMessage(e.code, fileName);
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

  private async fileNameOf(submissionId: string): Promise<string> {
    const rows: { file_name: string }[] = await this.ds.query(`SELECT file_name FROM submissions WHERE id = $1`, [submissionId]).catch(() => []);
    return rows[0]?.file_name ?? submissionId;
  }
}
