import { Global, Module } from '@nestjs/common';
import { ANALYZER_VERSION, analyzeFile } from '@app/report-analyzer';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

const reportAnalyzer: ReportAnalyzer = { version: ANALYZER_VERSION, analyzeFile };

@Global()
@Module({ providers: [{ provide: REPORT_ANALYZER, useValue: reportAnalyzer }], exports: [REPORT_ANALYZER] })
export class ReportAnalyzerModule {}
