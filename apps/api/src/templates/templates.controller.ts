import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { TemplateObligationDto, TemplateSummaryDto, TemplateWithObligationsDto } from '../common/view.dto';
import type { TemplateObligation } from '@app/persistence';
import { NotFoundError } from '../common/domain-error';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { DeriveCountyTemplateDto, UpdateObligationDto } from './dto/template.dto';
import { TemplatesService, type TemplateSummary, type TemplateWithObligations } from './templates.service';

const TemplateId = new IdPipe('TEMPLATE_NOT_FOUND');
const CountyId = new IdPipe('COUNTY_NOT_FOUND');
const obligationIdPipe = {
  transform(value: string): string {
    if (!/^[a-z][a-z0-9_]{0,99}$/.test(value)) throw new NotFoundError('OBLIGATION_NOT_FOUND', '模板中没有该义务');
    return value;
  },
};

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: '模板版本列表：全国默认模板及本县模板（含使用该版本的清单数；countyId 为空即全国默认）' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list(@CurrentUser() user: Principal): Promise<TemplateSummary[]> {
    return this.templates.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个模板版本及其全部义务（他县模板不可见）' })
  @ApiOkResponse({ type: TemplateWithObligationsDto })
  get(@CurrentUser() user: Principal, @Param('id', TemplateId) id: string): Promise<TemplateWithObligations> {
    return this.templates.get(user, id);
  }

  @Post(':id/next-year')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '以此模板生成下一年度模板（归属不变：全国默认模板仅管理员可操作，本县模板由本县审核人员操作）',
    description: '生成后，适用该模板的每个在用乡镇都会有下一年度的检查清单。',
  })
  @ApiOkResponse({ type: TemplateWithObligationsDto })
  nextYear(@CurrentUser() user: Principal, @Param('id', TemplateId) id: string): Promise<TemplateWithObligations> {
    return this.templates.nextYear(user, id);
  }

  @Patch(':id/obligations/:obligationId')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '修改义务的阈值、权重、期限（全国默认模板仅管理员；本县模板由本县审核人员）',
    description: '已被其他年度清单使用的模板版本不可修改（409 TEMPLATE_LOCKED）；修改后只重算使用该版本的清单，并在每个受影响的县留审计记录。',
  })
  @ApiOkResponse({ type: TemplateObligationDto })
  updateObligation(
    @CurrentUser() user: Principal,
    @Param('id', TemplateId) id: string,
    @Param('obligationId', obligationIdPipe) obligationId: string,
    @Body() dto: UpdateObligationDto,
  ): Promise<TemplateObligation> {
    return this.templates.updateObligation(user, id, obligationId, dto);
  }
}

/** A county's own templates: derived from the default or from the county's previous year. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('counties/:id/templates')
export class CountyTemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '为本县派生某年度的本县模板（复制全国默认模板，或沿用本县上一年度模板）',
    description: '派生后本县该年度的检查清单改用本县模板并重算；其他县不受影响。再次派生生成新版本并接替。',
  })
  @ApiCreatedResponse({ type: TemplateWithObligationsDto })
  derive(@CurrentUser() user: Principal, @Param('id', CountyId) countyId: string, @Body() dto: DeriveCountyTemplateDto): Promise<TemplateWithObligations> {
    return this.templates.deriveForCounty(user, countyId, dto);
  }
}
