import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export const IMPORT_ROW_STATUSES = ['ready', 'already_imported', 'error', 'imported'] as const;

export class ReportImportBodyDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'ZIP 压缩包：历史年度报告文件和一个清单（.xlsx 或 .csv，列为 乡镇、年度、文件名、报送日期、公开日期、公开网址）' })
  @IsOptional()
  file?: unknown;
}

export class ReportImportQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: '只检查不导入：返回每一行的检查结果' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportProblemDto {
  @ApiProperty({ example: 'IMPORT_UNKNOWN_TOWNSHIP' }) code: string;
  @ApiProperty({ example: '本县没有名为“某某镇”的乡镇（街道）' }) message: string;
}

export class ImportRowVerdictDto {
  @ApiProperty({ description: '清单中的行号（表头为第 1 行）' }) line: number;
  @ApiProperty({ description: '清单所填的乡镇' }) township: string;
  @ApiPropertyOptional({ nullable: true, type: String }) townshipId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) year: number | null;
  @ApiProperty({ description: '清单所填的文件名' }) fileName: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '在压缩包中找到的文件路径' }) archivePath: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-01-20' }) submittedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-02-05' }) publishedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedUrl: string | null;
  @ApiProperty({ enum: IMPORT_ROW_STATUSES, description: 'ready 可导入；already_imported 该文件已提交过（跳过）；error 有误；imported 已导入' }) status: string;
  @ApiProperty({ type: [ImportProblemDto] }) errors: ImportProblemDto[];
  @ApiProperty({ type: [String], description: '提示（不妨碍导入）' }) warnings: string[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '导入后的提交，或已有的同一文件的提交' }) submissionId: string | null;
}

export class ImportCountsDto {
  @ApiProperty() ready: number;
  @ApiProperty() already_imported: number;
  @ApiProperty() error: number;
  @ApiProperty() imported: number;
}

export class ImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: '是否已导入（任何一行有误时不导入）' }) imported: boolean;
  @ApiProperty() countyId: string;
  @ApiProperty({ description: '压缩包中清单文件的路径' }) manifest: string;
  @ApiProperty({ type: [ImportRowVerdictDto] }) rows: ImportRowVerdictDto[];
  @ApiProperty({ type: [String], description: '压缩包中未在清单中列出的文件（不导入）' }) unlistedFiles: string[];
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
}
