import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { TownshipDto } from '../common/view.dto';
import type { Township } from '@app/persistence';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { CreateTownshipDto, TownshipListQueryDto, UpdateTownshipDto } from './dto/township.dto';
import { TownshipsService } from './townships.service';

export const TownshipId = new IdPipe('TOWNSHIP_NOT_FOUND');

@ApiTags('townships')
@ApiBearerAuth()
@Controller('townships')
export class TownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  @Get()
  @ApiOperation({ summary: '乡镇（街道）列表（管理员：全部；审核员：本县；乡镇：本乡镇）' })
  @ApiOkResponse({ type: [TownshipDto] })
  list(@CurrentUser() user: Principal, @Query() q: TownshipListQueryDto): Promise<Township[]> {
    return this.townships.list(user, q);
  }

  @Post()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '新建乡镇（街道）（审核员：仅本县）' })
  @ApiOkResponse({ type: TownshipDto })
  create(@CurrentUser() user: Principal, @Body() dto: CreateTownshipDto): Promise<Township> {
    return this.townships.create(user, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: TownshipDto })
  get(@CurrentUser() user: Principal, @Param('id', TownshipId) id: string): Promise<Township> {
    return this.townships.get(user, id);
  }

  @Patch(':id')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '修改乡镇（街道）；修改村（社区）数会重算其清单' })
  @ApiOkResponse({ type: TownshipDto })
  update(@CurrentUser() user: Principal, @Param('id', TownshipId) id: string, @Body() dto: UpdateTownshipDto): Promise<Township> {
    return this.townships.update(user, id, dto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '停用乡镇（其账号随之无法登录）' })
  @ApiOkResponse({ type: TownshipDto })
  disable(@CurrentUser() user: Principal, @Param('id', TownshipId) id: string): Promise<Township> {
    return this.townships.setDisabled(user, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '重新启用乡镇' })
  @ApiOkResponse({ type: TownshipDto })
  enable(@CurrentUser() user: Principal, @Param('id', TownshipId) id: string): Promise<Township> {
    return this.townships.setDisabled(user, id, false);
  }
}
