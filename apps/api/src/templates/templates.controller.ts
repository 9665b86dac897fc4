import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { TemplateObligationDto, TemplateSummaryDto, TemplateWithObligationsDto } from '../common/view.dto';
import type { ChecklistTemplate, TemplateObligation } from '@app/persistence';
import { NotFoundError } from '../common/domain-error';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import { UpdateObligationDto } from './dto/template.dto';
import { TemplatesService, type TemplateSummary } from './templates.service';

const TemplateId = new IdPipe('TEMPLATE_NOT_FOUND');
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
  @ApiOperation({ summary: '模板版本列表（含使用该版本的清单数）' })
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  list(): Promise<TemplateSummary[]> {
    return this.templates.list();
  }

  @Get(':id')
  @ApiOperation({ summary: '一个模板版本及其全部义务' })
  @ApiOkResponse({ type: TemplateWithObligationsDto })
  get(@Param('id', TemplateId) id: string): Promise<ChecklistTemplate & { obligations: TemplateObligation[] }> {
    return this.templates.get(id);
  }

  @Post(':id/next-year')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '以此模板生成下一年度模板（下一年度的第 1 版，或已有版本的下一版）' })
  @ApiOkResponse({ type: TemplateWithObligationsDto })
  nextYear(@CurrentUser() user: Principal, @Param('id', TemplateId) id: string): Promise<ChecklistTemplate & { obligations: TemplateObligation[] }> {
    return this.templates.nextYear(user, id);
  }

  @Patch(':id/obligations/:obligationId')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '修改义务的阈值、权重、期限',
    description: '已被其他年度清单使用的模板版本不可修改（409 TEMPLATE_LOCKED）；修改后重算使用该版本的本年度清单。',
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
