import { Module } from '@nestjs/common';
import { AnalyzerVersionCheckService } from './analyzer-version-check.service';
import { ReanalysisProcessor } from './reanalysis.processor';

@Module({ providers: [ReanalysisProcessor, AnalyzerVersionCheckService] })
export class ReanalysisModule {}
