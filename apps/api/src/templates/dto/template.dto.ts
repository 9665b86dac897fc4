import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';

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
