import { ToInteger } from '../../common/strict-integer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class MatrixQueryDto {
  @ApiPropertyOptional({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度；缺省为已开始且有模板的最近年度' })
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year?: number;
}
