import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ANALYZER_VERSION, analyzeFile, loadLexicon } from '@app/report-analyzer';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

/** The analyzer with the deployment's document limits (XML cap, parser heap and deadline, OCR pages and deadline). */
const reportAnalyzer = (config: AppConfig): ReportAnalyzer => {
  // The lexicon is compiled at boot (YAML, schema, regex index: about a second of CPU), not in the first job, which
  // would otherwise hold its township-year's upload that long and count it against the first reports' latency.
  loadLexicon();
  return {
    version: ANALYZER_VERSION,
    analyzeFile: (bytes, fileName, options) =>
      analyzeFile(bytes, fileName, undefined, {
        maxXmlBytes: config.extraction.maxXmlBytes,
        parserHeapMb: config.extraction.parserHeapMb,
        parseTimeoutMs: config.extraction.parseTimeoutMs,
        pdfTimeoutMs: config.extraction.parseTimeoutMs,
        ocr: options?.ocr ?? false,
        maxOcrPages: config.ocr.maxPages,
        ocrTimeoutMs: config.ocr.timeoutMs,
        ocrHeapMb: config.ocr.heapMb,
        // One OCR process per concurrent OCR job, so OCR_CONCURRENCY jobs really run in parallel.
        ocrWorkers: config.ocr.concurrency,
        onOcrPage: options?.onOcrPage,
      }),
  };
};

@Global()
@Module({
  providers: [{ provide: REPORT_ANALYZER, useFactory: reportAnalyzer, inject: [APP_CONFIG] }],
  exports: [REPORT_ANALYZER],
})
export class ReportAnalyzerModule {}
