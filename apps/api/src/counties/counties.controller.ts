import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { CountyDto } from '../common/view.dto';
import type { County } from '@app/persistence';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { CountiesService } from './counties.service';
import { CreateCountyDto, UpdateCountyDto } from './dto/county.dto';

const CountyId = new IdPipe('COUNTY_NOT_FOUND');

@ApiTags('counties')
@ApiBearerAuth()
@Controller('counties')
export class CountiesController {
  constructor(private readonly counties: CountiesService) {}

  @Get()
  @ApiOperation({ summary: '县（区）列表（管理员：全部；其他：本县）' })
  @ApiOkResponse({ type: [CountyDto] })
  list(@CurrentUser() user: Principal): Promise<County[]> {
    return this.counties.list(user);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建县（区）（管理员）' })
  create(@CurrentUser() user: Principal, @Body() dto: CreateCountyDto): Promise<County> {
    return this.counties.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: CountyDto })
  get(@CurrentUser() user: Principal, @Param('id', CountyId) id: string): Promise<County> {
    return this.counties.get(user, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改县（区）（管理员）' })
  update(@CurrentUser() user: Principal, @Param('id', CountyId) id: string, @Body() dto: UpdateCountyDto): Promise<County> {
    return this.counties.update(user, id, dto);
  }
}
