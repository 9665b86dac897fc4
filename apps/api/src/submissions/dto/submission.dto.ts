import { ToInteger } from '../../common/strict-integer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { FILE_FORMATS, SUBMISSION_KINDS, SUBMISSION_STATUSES, type SubmissionKind } from '@app/persistence';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class CreateSubmissionDto {
  /** Documents the multipart file part; the bytes arrive through multer, never through this field. */
  @ApiProperty({ type: 'string', format: 'binary', description: '年度报告或佐证材料（txt / html / docx / doc / wps / ofd / pdf，扫描件 PDF 或图片 jpg / png / tiff / webp 经文字识别；按内容识别）' }) @IsOptional() file?: unknown;
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度' }) @ToInteger() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @ApiProperty({ enum: SUBMISSION_KINDS }) @IsIn(SUBMISSION_KINDS) kind: SubmissionKind;
  @ApiPropertyOptional({ description: '佐证材料所支持的检查项（须属于该乡镇该年度的清单）' }) @IsOptional() @IsUUID() checklistItemId?: string;
  @ApiPropertyOptional({ example: '2024-01-02', description: '报告公开日期' }) @IsOptional() @IsDateString({ strict: true }) publishedAt?: string;
  @ApiPropertyOptional({ example: 'https://www.example.gov.cn/…', description: '报告公开网址' }) @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2000) publishedUrl?: string;
  @ApiPropertyOptional({ example: '2024-01-02', description: '补录历史报告时的实际报送日期（仅县审核人员、管理员；缺省为现在）' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '实际报送日期须为“年-月-日”格式的日期，例如 2024-03-28' })
  submittedAt?: string;
  @ApiPropertyOptional({ type: Boolean, description: '确认报告年度：报告正文显示的年度与所选年度不一致时，按所选年度计入（否则提交后待确认年度）' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  confirmYear?: boolean;
}

export class ConfirmYearDto {
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '确认的报告年度：上传时所选年度，或报告正文显示的年度（改按该年度计入）' })
  @ToInteger()
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year: number;
}

export class SubmissionListQueryDto {
  @ApiPropertyOptional({ minimum: MIN_YEAR, maximum: MAX_YEAR }) @IsOptional() @ToInteger() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number;
}

export class SubmissionViewDto {
  @ApiProperty() id: string;
  @ApiProperty() townshipId: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: SUBMISSION_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) checklistItemId: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: FILE_FORMATS }) format: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String }) errorCode: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) analyzerVersion: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) analysisMeta: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedUrl: string | null;
  @ApiProperty() submittedAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) analyzedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date, description: '撤回时间；已撤回的材料保留在记录中，但不再计入该年度' }) withdrawnAt: Date | null;
  @ApiProperty({ description: '扫描件或图片：文字由系统识别（OCR），在单独的识别队列中分析' }) needsOcr: boolean;
  @ApiPropertyOptional({ nullable: true, type: () => SubmissionProgressDto, description: '文字识别进度（仅在识别过程中）' }) progress: SubmissionProgressDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '分析中 12/40 页', description: '进度说明（扫描件或图片识别中）' }) progressLabel: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '审核人员认定为年度报告的人（status 曾为 rejected_not_report）' }) reportOverrideBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date, description: '审核人员认定为年度报告的时间' }) reportOverrideAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '确认报告年度的人（status 曾为 needs_year_confirmation 或上传时 confirmYear）' }) yearConfirmedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date, description: '确认报告年度的时间' }) yearConfirmedAt: Date | null;
}

export class SubmissionProgressDto {
  @ApiProperty({ description: '已识别的页数' }) page: number;
  @ApiProperty({ description: '总页数' }) total: number;
}

export class UploadResultDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status: string;
  @ApiPropertyOptional({ description: '同一文件此前已提交过（按 sha256 识别），返回已有记录' }) duplicate?: boolean;
}

export class SubmissionTextDto {
  @ApiProperty() submissionId: string;
  @ApiProperty() analyzerVersion: string;
  @ApiProperty({ description: '抽取并规范化后的全文；佐证引文的 start/end 偏移均指向此文本' }) text: string;
  @ApiProperty() length: number;
}
