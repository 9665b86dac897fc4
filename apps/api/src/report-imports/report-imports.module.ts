import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { ReportImportService } from './report-import.service';
import { ReportImportsController } from './report-imports.controller';

/** Past years' reports loaded by a county from a ZIP with a manifest (their real submission and publication dates). */
@Module({
  imports: [AuditModule, SubmissionsModule],
  controllers: [ReportImportsController],
  providers: [ReportImportService],
  exports: [ReportImportService],
})
export class ReportImportsModule {}
