import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { ChecklistViewDto } from './dto/checklist-view.dto';
import { YearPipe } from '../common/id.pipe';
import { CurrentUser, type Principal } from '../common/principal';
import { TownshipId } from '../townships/townships.controller';
import type { ChecklistView } from './checklist-view';
import { ChecklistsService } from './checklists.service';

@ApiTags('checklists')
@ApiBearerAuth()
@Controller('townships/:id/checklists')
export class ChecklistsController {
  constructor(private readonly checklists: ChecklistsService) {}

  @Get(':year')
  @ApiOperation({
    summary: '乡镇某年度的检查清单',
    description: '得分、模板版本，每项的状态、佐证引文（含偏移、章节、来源、审核状态）、指标、未结问题；本年度报告提出的计划、上年度对本年度的计划及其判定、问题和发现。',
  })
  @ApiOkResponse({ type: ChecklistViewDto })
  get(@CurrentUser() user: Principal, @Param('id', TownshipId) townshipId: string, @Param('year', YearPipe) year: number): Promise<ChecklistView> {
    return this.checklists.get(user, townshipId, year);
  }
}
