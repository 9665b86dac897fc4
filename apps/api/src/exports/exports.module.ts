import { Module } from '@nestjs/common';
import { ChecklistsModule } from '../checklists/checklists.module';
import { MatrixModule } from '../matrix/matrix.module';
import { ExportsController } from './exports.controller';
import { MatrixExportService } from './matrix-export.service';
import { TownshipReportService } from './township-report.service';

@Module({ imports: [MatrixModule, ChecklistsModule], controllers: [ExportsController], providers: [MatrixExportService, TownshipReportService] })
export class ExportsModule {}
