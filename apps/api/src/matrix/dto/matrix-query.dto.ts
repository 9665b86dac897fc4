import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class MatrixQueryDto {
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度' }) @Type(() => Number) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
}
