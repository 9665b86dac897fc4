import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { FINDING_KINDS, FINDING_STATUSES, type FindingKind, type FindingStatus } from '@app/persistence';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';
import { ToInteger } from '../../common/strict-integer';

export class FindingQueryDto {
  @ApiPropertyOptional({ enum: FINDING_STATUSES }) @IsOptional() @IsIn(FINDING_STATUSES) status?: FindingStatus;
  @ApiPropertyOptional({ enum: FINDING_KINDS, description: '问题类型' }) @IsOptional() @IsIn(FINDING_KINDS) kind?: FindingKind;
  @ApiPropertyOptional({ description: 'true：乡镇已答复；false：尚未答复' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() answered?: boolean;
  @ApiPropertyOptional() @IsOptional() @ToInteger() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() countyId?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1 }) @IsOptional() @ToInteger() @IsInt() @Min(1) page: number = 1;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 }) @IsOptional() @ToInteger() @IsInt() @Min(1) @Max(200) pageSize: number = 50;
}

export class FindingResponseDto {
  @ApiProperty({ description: '乡镇对问题的答复（整改情况说明）' }) @IsString() @MinLength(1) @MaxLength(4000) response: string;
}

export class FindingViewDto {
  @ApiProperty() id: string;
  @ApiProperty() townshipId: string;
  @ApiProperty({ description: '乡镇（街道）名称' }) townshipName: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: FINDING_KINDS }) kind: string;
  @ApiProperty() subjectKey: string;
  @ApiPropertyOptional({ nullable: true, type: String }) checklistItemId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) planItemId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) problemId: string | null;
  @ApiProperty({ enum: FINDING_STATUSES }) status: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, type: String }) response: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) respondedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) respondedAt: Date | null;
  @ApiProperty() openedAt: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty() updatedAt: Date;
}

export class FindingPageDto {
  @ApiProperty({ type: [FindingViewDto] }) items: FindingViewDto[];
  @ApiProperty({ description: '符合条件的问题总数' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
