import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { MatrixModule } from '../matrix/matrix.module';
import { CountyReportLinksController } from './county-report-links.controller';
import { CountyReportPdfService } from './county-report.pdf';
import { CountyReportService } from './county-report.service';
import { ExportsController } from './exports.controller';
import { MatrixExportService } from './matrix-export.service';
import { ReportLinkSigner } from './report-link.signer';
import { TownshipReportService } from './township-report.service';

@Module({
  imports: [MatrixModule, ChecklistsModule, AuditModule],
  controllers: [ExportsController, CountyReportLinksController],
  providers: [MatrixExportService, TownshipReportService, CountyReportService, CountyReportPdfService, ReportLinkSigner],
})
export class ExportsModule {}
