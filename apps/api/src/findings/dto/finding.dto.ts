import { ToInteger } from '../../common/strict-integer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { FINDING_STATUSES, type FindingStatus } from '@app/persistence';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class FindingQueryDto {
  @ApiPropertyOptional({ enum: FINDING_STATUSES }) @IsOptional() @IsIn(FINDING_STATUSES) status?: FindingStatus;
  @ApiPropertyOptional() @IsOptional() @ToInteger() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year?: number;
  @ApiPropertyOptional() @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() countyId?: string;
}

export class FindingResponseDto {
  @ApiProperty({ description: '乡镇对问题的答复（整改情况说明）' }) @IsString() @MinLength(1) @MaxLength(4000) response: string;
}
