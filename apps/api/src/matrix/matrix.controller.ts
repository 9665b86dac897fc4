import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { CountyMatrixDto } from './dto/matrix-view.dto';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { MatrixQueryDto } from './dto/matrix-query.dto';
import { MatrixService, type CountyMatrix } from './matrix.service';

export const CountyId = new IdPipe('COUNTY_NOT_FOUND');

@ApiTags('matrix')
@ApiBearerAuth()
@Roles('admin', 'auditor')
@Controller('counties/:id')
export class MatrixController {
  constructor(private readonly matrix: MatrixService) {}

  @Get('matrix')
  @ApiOperation({ summary: '全县乡镇 × 义务矩阵：状态、得分、排名、未结问题数、各义务覆盖率' })
  @ApiOkResponse({ type: CountyMatrixDto })
  get(@CurrentUser() user: Principal, @Param('id', CountyId) countyId: string, @Query() q: MatrixQueryDto): Promise<CountyMatrix> {
    return this.matrix.build(user, countyId, q.year);
  }
}
