import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTO_ITEM_STATUSES, ITEM_DECISIONS, ITEM_STATUSES, REQUIREMENT_KINDS, REVIEW_REQUEST_CAUSES, TOWNSHIP_LEVELS } from '@app/persistence';
import { EvidenceViewDto, FindingDto, PlanItemDto, ProblemDto } from '../../common/view.dto';

// OpenAPI shape of GET /townships/:id/checklists/:year (the ChecklistView interface in checklist-view.ts).

export class RequirementDto {
  @ApiProperty({ enum: REQUIREMENT_KINDS, description: 'presence=有佐证即可, metric_min=数量不低于阈值, rate_min=比例不低于阈值' }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) metricKey: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) threshold: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) unit: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '阈值依据' }) basis: string | null;
  @ApiProperty() thresholdIsLocalDefault: boolean;
}

export class MetricViewDto {
  @ApiProperty() id: string;
  @ApiProperty() submissionId: string;
  @ApiProperty() key: string;
  @ApiProperty() value: number;
  @ApiPropertyOptional({ nullable: true, type: String }) unit: string | null;
  @ApiProperty() quote: string;
  @ApiProperty() startOffset: number;
  @ApiProperty() endOffset: number;
}

export class ChecklistItemViewDto {
  @ApiProperty() id: string;
  @ApiProperty() obligationId: string;
  @ApiProperty() position: number;
  @ApiProperty() name: string;
  @ApiProperty() area: string;
  @ApiProperty() tier: string;
  @ApiProperty({ description: '义务说明（何种材料可作为佐证）' }) description: string;
  @ApiProperty({ type: RequirementDto }) requirement: RequirementDto;
  @ApiProperty() weight: number;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty({ enum: AUTO_ITEM_STATUSES }) autoStatus: string;
  @ApiPropertyOptional({ nullable: true, enum: ITEM_DECISIONS }) decision: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '审核意见（乡镇可见）' }) comment: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) commentAt: Date | null;
  @ApiProperty({ description: '审核意见待乡镇答复（乡镇在意见之后尚未填写说明）' }) openQuestion: boolean;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) measuredValue: number | null;
  @ApiProperty() score: number;
  @ApiProperty({ description: '待审：乡镇在驳回后补充了材料、说明或答复了问题，等待审核人员重新审核（原决定保留至重新审核）' }) awaitingReview: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) reviewRequestedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, enum: REVIEW_REQUEST_CAUSES, description: 'finding_response=答复问题，evidence_file=补充文件，township_note=填写说明，question_answered=答复审核意见' }) reviewRequestCause: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '乡镇对本项的说明（如“本年度未发生”“材料见附件”）' }) townshipNote: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) townshipNoteAt: Date | null;
  @ApiProperty({ type: [EvidenceViewDto] }) evidence: EvidenceViewDto[];
  @ApiProperty({ type: [MetricViewDto] }) metrics: MetricViewDto[];
  @ApiProperty({ type: [FindingDto] }) openFindings: FindingDto[];
}

export class ChecklistTownshipDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
  @ApiProperty() countyId: string;
  @ApiProperty({ enum: TOWNSHIP_LEVELS }) level: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) villageCount: number | null;
}

export class TemplateRefDto {
  @ApiProperty() id: string;
  @ApiProperty() year: number;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
}

export class ChecklistProblemsDto {
  @ApiProperty({ type: [ProblemDto] }) reportedThisYear: ProblemDto[];
  @ApiProperty({ type: [ProblemDto] }) reportedLastYear: ProblemDto[];
}

export class ChecklistViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: ChecklistTownshipDto }) township: ChecklistTownshipDto;
  @ApiProperty() year: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '得分（0–100）；尚无已分析的年度报告时可能为 null（未报送）' }) score: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) recomputedAt: Date | null;
  @ApiProperty({ type: TemplateRefDto }) template: TemplateRefDto;
  @ApiProperty({ type: [ChecklistItemViewDto] }) items: ChecklistItemViewDto[];
  @ApiProperty({ type: [PlanItemDto], description: '本年度报告提出的下一年计划' }) planItemsMade: PlanItemDto[];
  @ApiProperty({ type: [PlanItemDto], description: '上年度报告对本年度的计划及其判定' }) planItemsDue: PlanItemDto[];
  @ApiProperty({ type: ChecklistProblemsDto }) problems: ChecklistProblemsDto;
  @ApiProperty({ type: [FindingDto] }) findings: FindingDto[];
}
