import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class DueRuleDto {
  @ApiProperty({ minimum: 1, maximum: 12 }) @IsInt() @Min(1) @Max(12) month: number;
  @ApiProperty({ minimum: 1, maximum: 31 }) @IsInt() @Min(1) @Max(31) day: number;
  @ApiProperty({ description: '0 = 报告年度内，1 = 次年', minimum: 0, maximum: 1 }) @IsInt() @Min(0) @Max(1) yearOffset: number;
}

export class UpdateObligationDto {
  @ApiPropertyOptional({ description: '数量或比例要求的阈值（比例为 0–100）' }) @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) threshold?: number;
  @ApiPropertyOptional({ description: '权重（>0，≤100）' }) @IsOptional() @IsNumber() @Min(0.01) @Max(100) weight?: number;
  @ApiPropertyOptional({ type: DueRuleDto }) @IsOptional() @ValidateNested() @Type(() => DueRuleDto) dueRule?: DueRuleDto;
}

export const TEMPLATE_SOURCES = ['default', 'previous_year'] as const;

export class DeriveCountyTemplateDto {
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度' }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
  @ApiProperty({ enum: TEMPLATE_SOURCES, description: 'default = 复制全国默认模板的该年度版本；previous_year = 沿用本县上一年度所用模板' })
  @IsIn(TEMPLATE_SOURCES)
  from: (typeof TEMPLATE_SOURCES)[number];
}
