import { ToInteger } from '../../common/strict-integer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 }) @IsOptional() @ToInteger() @IsInt() @Min(1) page: number = 1;
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 }) @IsOptional() @ToInteger() @IsInt() @Min(1) @Max(200) pageSize: number = 50;
  @ApiPropertyOptional() @IsOptional() @IsUUID() townshipId?: string;
  @ApiPropertyOptional({ example: 'checklist_item' }) @IsOptional() @IsString() @MaxLength(64) entityType?: string;
}
