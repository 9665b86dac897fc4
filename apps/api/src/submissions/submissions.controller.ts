import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { FileFormat } from '@app/persistence';
import { downloadType, setAttachmentHeaders } from '../common/attachment';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { TownshipId } from '../townships/townships.controller';
import { ConfirmYearDto, CreateSubmissionDto, SubmissionListQueryDto, SubmissionTextDto, SubmissionViewDto, UploadResultDto } from './dto/submission.dto';
import { SubmissionIntake, type UploadedFileInput } from './submission-intake.service';
import { SubmissionsService } from './submissions.service';

const SubmissionId = new IdPipe('SUBMISSION_NOT_FOUND');

@ApiTags('submissions')
@ApiBearerAuth()
@Controller()
export class SubmissionsController {
  constructor(private readonly intake: SubmissionIntake, private readonly submissions: SubmissionsService) {}

  @Post('townships/:id/submissions')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: '提交年度报告或佐证材料（按内容识别类型；同一文件重复提交返回已有记录）' })
  @ApiResponse({ status: 202, type: UploadResultDto, description: '已接收并排队分析' })
  @ApiResponse({ status: 200, type: UploadResultDto, description: '重复文件（duplicate: true）' })
  @ApiResponse({ status: 400, description: 'EMPTY_FILE / FILE_REQUIRED / CORRUPT_DOCX / INVALID_CHECKLIST_ITEM / VALIDATION_FAILED' })
  @ApiResponse({ status: 413, description: 'FILE_TOO_LARGE' })
  @ApiResponse({ status: 415, description: 'UNSUPPORTED_FORMAT / UNDECODABLE_TEXT' })
  async create(
    @CurrentUser() user: Principal,
    @Param('id', TownshipId) townshipId: string,
    @Body() dto: CreateSubmissionDto,
    @UploadedFile() file: UploadedFileInput | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UploadResultDto> {
    const { file: _f, ...fields } = dto;
    const { submission, duplicate } = await this.intake.submit(user, { ...fields, townshipId }, file);
    res.status(duplicate ? 200 : 202);
    return duplicate ? { id: submission.id, status: submission.status, duplicate } : { id: submission.id, status: submission.status };
  }

  @Get('townships/:id/submissions')
  @ApiOperation({ summary: '乡镇的提交记录' })
  @ApiOkResponse({ type: [SubmissionViewDto] })
  list(@CurrentUser() user: Principal, @Param('id', TownshipId) townshipId: string, @Query() q: SubmissionListQueryDto): Promise<SubmissionViewDto[]> {
    return this.submissions.list(user, townshipId, q.year);
  }

  @Get('submissions/:id')
  @ApiOperation({ summary: '一条提交的状态（含分析错误码）' })
  @ApiOkResponse({ type: SubmissionViewDto })
  get(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string): Promise<SubmissionViewDto> {
    return this.submissions.get(user, id);
  }

  @Get('submissions/:id/file')
  @ApiOperation({ summary: '下载原文件（总是作为附件下载；类型按上传时识别的内容，文件名经过清理）' })
  async file(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { submission, bytes } = await this.submissions.file(user, id);
    const type = downloadType(submission.format as FileFormat, submission.mediaType);
    setAttachmentHeaders(res, submission.fileName, type);
    return new StreamableFile(bytes, { type, length: bytes.length });
  }

  @Post('submissions/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary: '撤回一条提交（保留记录，不再计入该年度；清单随即重算，可重新提交）',
    description: '乡镇账号须在该年度报告报送截止日期前撤回（逾期 409 WITHDRAW_DEADLINE_PASSED）；县审核人员和管理员可随时撤回。',
  })
  @ApiOkResponse({ type: SubmissionViewDto })
  withdraw(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string): Promise<SubmissionViewDto> {
    return this.submissions.withdraw(user, id);
  }

  @Post('submissions/:id/accept-as-report')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '审核人员将被判定为“非年度报告”（rejected_not_report）的提交认定为年度报告：重新按年度报告分析并计入清单（记入审计日志）',
    description: '其他状态的提交 409 NOT_REJECTED_AS_NON_REPORT。',
  })
  @ApiOkResponse({ type: SubmissionViewDto })
  acceptAsReport(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string): Promise<SubmissionViewDto> {
    return this.submissions.acceptAsReport(user, id);
  }

  @Post('submissions/:id/confirm-year')
  @HttpCode(200)
  @ApiOperation({
    summary: '确认报告年度：报告正文显示的年度与上传时所选年度不一致（needs_year_confirmation）时，由乡镇（或县审核人员）确认按所选年度或正文年度计入，随后重新分析（记入审计日志）',
    description: '其他状态 409 NOT_AWAITING_YEAR_CONFIRMATION；年度既非所选年度也非正文年度 400 INVALID_CONFIRMED_YEAR。上传时也可用 confirmYear=true 预先确认。',
  })
  @ApiOkResponse({ type: SubmissionViewDto })
  confirmYear(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string, @Body() dto: ConfirmYearDto): Promise<SubmissionViewDto> {
    return this.submissions.confirmYear(user, id, dto.year);
  }

  @Get('submissions/:id/text')
  @ApiOperation({ summary: '分析后的全文（佐证引文偏移所指向的文本）；未分析时 409 SUBMISSION_NOT_ANALYZED' })
  @ApiOkResponse({ type: SubmissionTextDto })
  text(@CurrentUser() user: Principal, @Param('id', SubmissionId) id: string): Promise<SubmissionTextDto> {
    return this.submissions.text(user, id);
  }
}
