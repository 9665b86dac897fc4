import type { Analysis } from '@app/report-analyzer/types';

/** The analyzer as the worker sees it; a token so tests can put a failing or slow one in its place. */
export const REPORT_ANALYZER = Symbol('REPORT_ANALYZER');

export interface ReportAnalyzer {
  readonly version: string;
  analyzeFile(bytes: Uint8Array, fileName: string): Promise<Analysis>;
}
