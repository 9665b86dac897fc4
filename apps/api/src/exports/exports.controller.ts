import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChecklistsService } from '../checklists/checklists.service';
import { AccessScope } from '../common/access-scope.service';
import { setAttachmentHeaders } from '../common/attachment';
import { YearPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { MatrixQueryDto } from '../matrix/dto/matrix-query.dto';
import { CountyId } from '../matrix/matrix.controller';
import { MatrixService } from '../matrix/matrix.service';
import { TownshipId } from '../townships/townships.controller';
import { MatrixExportService } from './matrix-export.service';
import { TownshipReportService } from './township-report.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    private readonly matrix: MatrixService,
    private readonly exporter: MatrixExportService,
    private readonly checklists: ChecklistsService,
    private readonly report: TownshipReportService,
    private readonly scope: AccessScope,
  ) {}

  @Get('counties/:id/matrix.xlsx')
  @Roles('admin', 'auditor')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '导出全县矩阵（Excel，中文表头，状态着色，冻结首行首列，自动筛选；未报送的乡镇得分列为“未报送”；年度缺省为最近年度）' })
  async xlsx(@CurrentUser() user: Principal, @Param('id', CountyId) id: string, @Query() q: MatrixQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const matrix = await this.matrix.build(user, id, q.year);
    setAttachmentHeaders(res, `${matrix.county.name}-${matrix.year}年度检查矩阵.xlsx`, XLSX);
    return new StreamableFile(await this.exporter.xlsx(matrix), { type: XLSX });
  }

  @Get('counties/:id/matrix.csv')
  @Roles('admin', 'auditor')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: '导出全县矩阵（CSV，UTF-8 带 BOM；未报送的乡镇得分列为“未报送”；年度缺省为最近年度）' })
  async csv(@CurrentUser() user: Principal, @Param('id', CountyId) id: string, @Query() q: MatrixQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const matrix = await this.matrix.build(user, id, q.year);
    setAttachmentHeaders(res, `${matrix.county.name}-${matrix.year}年度检查矩阵.csv`, 'text/csv; charset=utf-8');
    return new StreamableFile(await this.exporter.csv(matrix), { type: 'text/csv; charset=utf-8' });
  }

  @Get('townships/:id/report/:year')
  @ApiProduces('text/html')
  @ApiOperation({ summary: '乡镇年度检查报告（可打印 HTML）' })
  async townshipReport(
    @CurrentUser() user: Principal,
    @Param('id', TownshipId) townshipId: string,
    @Param('year', YearPipe) year: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const view = await this.checklists.get(user, townshipId, year);
    const county = await this.scope.county(user, view.township.countyId);
    const html = this.report.render(view, county.name);
    // Set only on success, so errors keep the JSON error body.
    res.type('text/html; charset=utf-8');
    return html;
  }
}
