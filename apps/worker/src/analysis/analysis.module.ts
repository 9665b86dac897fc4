import { Module } from '@nestjs/common';
import { ChecklistModule } from '../checklist/checklist.module';
import { AnalysisFailures } from './analysis-failures.service';
import { AnalysisProcessor } from './analysis.processor';
import { OcrProcessor } from './ocr.processor';
import { AnalysisRunnerService } from './analysis-runner.service';
import { AnalysisWriterService } from './analysis-writer.service';
import { SubmissionStateService } from './submission-state.service';

@Module({
  imports: [ChecklistModule],
  providers: [AnalysisProcessor, OcrProcessor, AnalysisFailures, AnalysisRunnerService, AnalysisWriterService, SubmissionStateService],
  exports: [AnalysisRunnerService],
})
export class AnalysisModule {}
