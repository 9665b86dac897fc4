import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { CountyDto } from '../common/view.dto';
import type { County } from '@app/persistence';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { CountiesService } from './counties.service';
import { CountyChannelsService } from './county-channels.service';
import { CountyChannelsDto, UpdateCountyChannelsDto } from './dto/county-channels.dto';
import { CreateCountyDto, UpdateCountyDto } from './dto/county.dto';

const CountyId = new IdPipe('COUNTY_NOT_FOUND');

@ApiTags('counties')
@ApiBearerAuth()
@Controller('counties')
export class CountiesController {
  constructor(
    private readonly counties: CountiesService,
    private readonly channels: CountyChannelsService,
  ) {}

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

  @Get(':id/channels')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '本县提醒渠道：企业微信、钉钉群机器人（地址中的密钥已隐去，加签密钥从不返回）' })
  @ApiOkResponse({ type: CountyChannelsDto })
  getChannels(@CurrentUser() user: Principal, @Param('id', CountyId) id: string): Promise<CountyChannelsDto> {
    return this.channels.get(user, id);
  }

  @Patch(':id/channels')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '设置本县提醒渠道（管理员、本县审核员；记入审计日志）',
    description: '企业微信：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…；钉钉：https://oapi.dingtalk.com/robot/send?access_token=…，可加“加签”密钥（SEC…）。省略的字段不变，null 为停用。提醒按 Markdown 消息发送，去重、失败重试，每次发送记入投递日志。',
  })
  @ApiOkResponse({ type: CountyChannelsDto })
  updateChannels(@CurrentUser() user: Principal, @Param('id', CountyId) id: string, @Body() dto: UpdateCountyChannelsDto): Promise<CountyChannelsDto> {
    return this.channels.update(user, id, dto);
  }
}
