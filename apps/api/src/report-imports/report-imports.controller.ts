import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setAttachmentHeaders } from '../common/attachment';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { ImportResultDto, ReportImportBodyDto, ReportImportQueryDto } from './dto/report-import.dto';
import { MANIFEST_TEMPLATE_NAME, manifestTemplate } from './manifest-template';
import { ImportUploadInterceptor } from './import-upload.interceptor';
import { ReportImportService } from './report-import.service';

const CountyId = new IdPipe('COUNTY_NOT_FOUND');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('report-imports')
@ApiBearerAuth()
@Controller()
export class ReportImportsController {
  constructor(private readonly imports: ReportImportService) {}

  @Post('counties/:id/report-imports')
  @Roles('admin', 'auditor')
  @UseInterceptors(ImportUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ReportImportBodyDto })
  @ApiOperation({
    summary: '导入本县历史年度报告（ZIP：报告文件 + 清单），按清单中的实际报送、公开日期入库并排队分析（记入审计日志）',
    description:
      'dryRun=true 只检查，返回每一行的结果；正式导入时任何一行有误则一份也不导入（422 IMPORT_ROWS_INVALID，details 为各行结果），' +
      '该文件已提交过的行跳过。审核人员只能导入本县，管理员可导入任何县。',
  })
  @ApiResponse({ status: 200, type: ImportResultDto, description: '检查结果（dryRun=true）' })
  @ApiResponse({ status: 201, type: ImportResultDto, description: '已导入' })
  @ApiResponse({ status: 400, description: 'FILE_REQUIRED / IMPORT_NOT_A_ZIP / IMPORT_UNSAFE_PATH / IMPORT_MANIFEST_MISSING / IMPORT_MANIFEST_AMBIGUOUS / IMPORT_MANIFEST_COLUMNS / IMPORT_MANIFEST_EMPTY / IMPORT_MANIFEST_UNREADABLE' })
  @ApiResponse({ status: 413, description: 'IMPORT_ZIP_TOO_LARGE（压缩包超过 IMPORT_MAX_BYTES，或其中的文件超过 UPLOAD_MAX_BYTES、文件过多、解压后过大）' })
  @ApiResponse({ status: 422, description: 'IMPORT_ROWS_INVALID（details 为各行结果）' })
  async importReports(
    @CurrentUser() user: Principal,
    @Param('id', CountyId) countyId: string,
    @Query() q: ReportImportQueryDto,
    @Body() _body: ReportImportBodyDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResultDto> {
    const dryRun = q.dryRun === true;
    const result = await this.imports.importZip(user, countyId, file && { path: file.path, size: file.size }, dryRun);
    res.status(dryRun ? 200 : 201);
    return result;
  }

  @Get('report-imports/manifest-template')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '下载历史报告导入清单模板（Excel，表头：乡镇、年度、文件名、报送日期、公开日期、公开网址）' })
  @ApiProduces(XLSX)
  async template(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const bytes = await manifestTemplate();
    setAttachmentHeaders(res, MANIFEST_TEMPLATE_NAME, XLSX);
    return new StreamableFile(bytes, { type: XLSX, length: bytes.length });
  }
}
