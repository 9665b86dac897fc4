import { ToInteger } from '../../common/strict-integer';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class MatrixQueryDto {
  @ApiProperty({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度' }) @ToInteger() @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR) year: number;
}
