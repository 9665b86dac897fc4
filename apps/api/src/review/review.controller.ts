import { Body, Controller, Param, Patch, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { ChecklistItemDto, EvidenceViewDto, ReviewedItemDto, ManualEvidenceResultDto, PlanItemDto } from '../common/view.dto';
import type { ChecklistItem, PlanItem } from '@app/persistence';
import type { EvidenceView } from '../checklists/checklist-view';
import { IdPipe } from '../common/id.pipe';
import { CurrentUser, Roles, type Principal } from '../common/principal';
import type { UploadedFileInput } from '../submissions/submission-intake.service';
import { ManualEvidenceDto, OverridePlanItemDto, ReviewEvidenceDto, ReviewItemDto, TownshipNoteDto } from './dto/review.dto';
import { ReviewService } from './review.service';

const ItemId = new IdPipe('CHECKLIST_ITEM_NOT_FOUND');

@ApiTags('review')
@ApiBearerAuth()
@Roles('admin', 'auditor')
@Controller()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Patch('checklist-items/:id')
  @ApiOperation({
    summary: '审核检查项：认可、驳回、豁免（须理由）或撤销决定，或只提审核意见（comment：向乡镇提问，状态与得分不变，乡镇收到通知并可答复）；返回该项及清单的新得分（checklistScore）',
  })
  @ApiOkResponse({ type: ReviewedItemDto })
  decide(@CurrentUser() user: Principal, @Param('id', ItemId) id: string, @Body() dto: ReviewItemDto): Promise<ChecklistItem & { checklistScore: number }> {
    if (dto.action === 'comment') return this.review.commentItem(user, id, dto.comment);
    return this.review.decideItem(user, id, dto.action, dto.reason, dto.comment);
  }

  @Post('checklist-items/:id/evidence')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({ summary: '为检查项补充人工佐证：一段说明，或上传文件（作为该项的佐证材料提交）' })
  @ApiOkResponse({ type: ManualEvidenceResultDto })
  addEvidence(
    @CurrentUser() user: Principal,
    @Param('id', ItemId) id: string,
    @Body() dto: ManualEvidenceDto,
    @UploadedFile() file: UploadedFileInput | undefined,
  ): Promise<{ evidence: EvidenceView; submissionId: string | null; duplicate?: boolean }> {
    return this.review.addEvidence(user, id, dto.note, file);
  }

  @Patch('evidence/:id')
  @ApiOperation({ summary: '审核一条佐证（accepted / rejected / pending）' })
  @ApiOkResponse({ type: EvidenceViewDto })
  reviewEvidence(@CurrentUser() user: Principal, @Param('id', new IdPipe('EVIDENCE_NOT_FOUND')) id: string, @Body() dto: ReviewEvidenceDto): Promise<EvidenceView> {
    return this.review.reviewEvidence(user, id, dto);
  }

  @Patch('plan-items/:id')
  @ApiOperation({ summary: '人工判定计划事项完成情况（须理由）' })
  @ApiOkResponse({ type: PlanItemDto })
  overridePlanItem(@CurrentUser() user: Principal, @Param('id', new IdPipe('PLAN_ITEM_NOT_FOUND')) id: string, @Body() dto: OverridePlanItemDto): Promise<PlanItem> {
    return this.review.overridePlanItem(user, id, dto);
  }
}

/** What a township writes on its own items; auditors read it in the checklist view. */
@ApiTags('review')
@ApiBearerAuth()
@Roles('township')
@Controller()
export class TownshipNoteController {
  constructor(private readonly review: ReviewService) {}

  @Patch('checklist-items/:id/note')
  @ApiOperation({ summary: '乡镇为本乡镇的检查项填写说明（如“本年度未发生”“材料见附件”），审核人员在佐证旁看到；已驳回的检查项填写说明后回到待审并通知县审核人员' })
  @ApiOkResponse({ type: ChecklistItemDto })
  setNote(@CurrentUser() user: Principal, @Param('id', ItemId) id: string, @Body() dto: TownshipNoteDto): Promise<ChecklistItem> {
    return this.review.setTownshipNote(user, id, dto.note);
  }
}
