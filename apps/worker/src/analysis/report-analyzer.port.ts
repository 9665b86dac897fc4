import type { Analysis } from '@app/report-analyzer/types';

/** The analyzer as the worker sees it; a token so tests can put a failing or slow one in its place. */
export const REPORT_ANALYZER = Symbol('REPORT_ANALYZER');

export interface AnalyzeFileOptions {
  /** Read images and PDFs without a text layer by OCR (the `ocr` queue only); otherwise they are refused. */
  ocr?: boolean;
  /** Called after each page OCR has read. */
  onOcrPage?: (page: number, total: number) => void;
}

export interface ReportAnalyzer {
  readonly version: string;
  analyzeFile(bytes: Uint8Array, fileName: string, options?: AnalyzeFileOptions): Promise<Analysis>;
}
