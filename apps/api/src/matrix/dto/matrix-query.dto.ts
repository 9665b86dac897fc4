import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '../../common/id.pipe';

export class MatrixQueryDto {
  @ApiPropertyOptional({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '报告年度；缺省为已开始且有模板的最近年度' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year?: number;
}
