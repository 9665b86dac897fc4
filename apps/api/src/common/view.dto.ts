import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EVIDENCE_SOURCES,
  FINDING_KINDS,
  FINDING_STATUSES,
  ITEM_DECISIONS,
  ITEM_STATUSES,
  AUTO_ITEM_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  PLAN_ITEM_STATUSES,
  PROBLEM_STATUSES,
  REQUIREMENT_KINDS,
  REVIEW_REQUEST_CAUSES,
  REVIEW_STATES,
  TOWNSHIP_LEVELS,
} from '@app/persistence';

// OpenAPI shapes of the rows the api returns as they are (entities serialised to JSON). They document responses
// only: the web's client types are generated from them (apps/web/src/api/schema.d.ts).

const nullableString = { nullable: true, type: String } as const;
const nullableDate = { nullable: true, type: String, format: 'date-time' } as const;

export class CountyDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class TownshipDto {
  @ApiProperty() id: string;
  @ApiProperty() countyId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: TOWNSHIP_LEVELS }) level: string;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '村（社区）数' }) villageCount: number | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class FindingDto {
  @ApiProperty() id: string;
  @ApiProperty() townshipId: string;
  @ApiProperty() year: number;
  @ApiProperty({ enum: FINDING_KINDS }) kind: string;
  @ApiProperty() subjectKey: string;
  @ApiPropertyOptional(nullableString) checklistItemId: string | null;
  @ApiPropertyOptional(nullableString) planItemId: string | null;
  @ApiPropertyOptional(nullableString) problemId: string | null;
  @ApiProperty({ enum: FINDING_STATUSES }) status: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) dueDate: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiPropertyOptional(nullableString) response: string | null;
  @ApiPropertyOptional(nullableString) respondedBy: string | null;
  @ApiPropertyOptional(nullableDate) respondedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) openedAt: Date;
  @ApiPropertyOptional(nullableDate) resolvedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class PlanTargetDto {
  @ApiPropertyOptional() metric?: string;
  @ApiProperty({ enum: ['>=', '<=', '='] }) op: '>=' | '<=' | '=';
  @ApiProperty() value: number;
  @ApiProperty() unit: string;
}

export class PlanItemDto {
  @ApiProperty() id: string;
  @ApiProperty() submissionId: string;
  @ApiProperty() townshipId: string;
  @ApiProperty({ description: '提出计划的报告年度' }) year: number;
  @ApiProperty({ description: '计划完成年度' }) planYear: number;
  @ApiProperty() position: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) obligationIds: string[];
  @ApiPropertyOptional({ nullable: true, type: PlanTargetDto }) target: PlanTargetDto | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() startOffset: number;
  @ApiProperty() endOffset: number;
  @ApiProperty({ enum: PLAN_ITEM_STATUSES }) status: string;
  @ApiProperty({ enum: PLAN_ITEM_STATUSES }) autoStatus: string;
  @ApiPropertyOptional(nullableString) judgementNote: string | null;
  @ApiPropertyOptional(nullableString) judgedAgainstSubmissionId: string | null;
  @ApiPropertyOptional({ nullable: true, enum: PLAN_ITEM_STATUSES }) overrideStatus: string | null;
  @ApiPropertyOptional(nullableString) overrideReason: string | null;
  @ApiPropertyOptional(nullableString) overrideBy: string | null;
  @ApiPropertyOptional(nullableDate) overrideAt: Date | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class ProblemDto {
  @ApiProperty() id: string;
  @ApiProperty() submissionId: string;
  @ApiProperty() townshipId: string;
  @ApiProperty() year: number;
  @ApiProperty() position: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) obligationIds: string[];
  @ApiProperty() startOffset: number;
  @ApiProperty() endOffset: number;
  @ApiProperty({ enum: PROBLEM_STATUSES }) status: string;
  @ApiPropertyOptional(nullableString) judgementNote: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty() dedupeKey: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: string;
  @ApiPropertyOptional(nullableString) recipientUserId: string | null;
  @ApiPropertyOptional(nullableString) recipientAddress: string | null;
  @ApiPropertyOptional(nullableString) townshipId: string | null;
  @ApiPropertyOptional(nullableString) countyId: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional(nullableString) lastError: string | null;
  @ApiPropertyOptional(nullableDate) sentAt: Date | null;
  @ApiPropertyOptional(nullableDate) readAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class AuditLogDto {
  @ApiProperty() id: string;
  @ApiPropertyOptional(nullableString) actorUserId: string | null;
  @ApiProperty() actorLabel: string;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiPropertyOptional(nullableString) entityId: string | null;
  @ApiPropertyOptional(nullableString) countyId: string | null;
  @ApiPropertyOptional(nullableString) townshipId: string | null;
  @ApiPropertyOptional({ nullable: true, description: '变更前' }) before: unknown;
  @ApiPropertyOptional({ nullable: true, description: '变更后' }) after: unknown;
  @ApiProperty({ format: 'date-time' }) at: Date;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditLogDto] }) items: AuditLogDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ChecklistItemDto {
  @ApiProperty() id: string;
  @ApiProperty() checklistId: string;
  @ApiProperty() obligationId: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty({ enum: AUTO_ITEM_STATUSES }) autoStatus: string;
  @ApiPropertyOptional({ nullable: true, enum: ITEM_DECISIONS }) decision: string | null;
  @ApiPropertyOptional(nullableString) decisionReason: string | null;
  @ApiPropertyOptional(nullableString) comment: string | null;
  @ApiPropertyOptional(nullableDate) commentAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) measuredValue: number | null;
  @ApiProperty() score: number;
  @ApiPropertyOptional({ ...nullableDate, description: '乡镇答复问题、补充材料或填写说明后回到待审的时间；审核人员再次审核后清空' }) reviewRequestedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, enum: REVIEW_REQUEST_CAUSES, description: '回到待审的原因：finding_response=答复问题，evidence_file=补充文件，township_note=填写说明，question_answered=答复审核意见' }) reviewRequestCause: string | null;
  @ApiPropertyOptional({ ...nullableString, description: '乡镇对本项的说明' }) townshipNote: string | null;
  @ApiPropertyOptional(nullableDate) townshipNoteAt: Date | null;
}

export class ReviewedItemDto extends ChecklistItemDto {
  @ApiProperty({ description: '审核后清单的新得分' }) checklistScore: number;
}

export class EvidenceViewDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: EVIDENCE_SOURCES, description: 'auto：从文件文字自动识别；ocr：从扫描件或照片经文字识别（OCR）后自动识别；manual：人工添加' }) source: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '报告原文中的逐字引文（ocr 来源时为识别出的文字）' }) quote: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '引文在 /submissions/:id/text 全文中的起始偏移' }) startOffset: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) endOffset: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '引文所在章节' }) section: string | null;
  @ApiPropertyOptional(nullableString) note: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 1, description: '机器判断的把握度（0–1），人工佐证为空；待审队列按其从低到高排列' }) confidence: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 1, description: '文字识别（OCR）的把握度（0–1）：引文所在各行中最低者；未经识别的佐证为空' }) ocrConfidence: number | null;
  @ApiPropertyOptional(nullableString) submissionId: string | null;
  @ApiProperty({ enum: REVIEW_STATES }) reviewState: string;
  @ApiPropertyOptional(nullableString) reviewedBy: string | null;
  @ApiPropertyOptional(nullableDate) reviewedAt: Date | null;
  @ApiPropertyOptional(nullableString) comment: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class ManualEvidenceResultDto {
  @ApiProperty({ type: EvidenceViewDto }) evidence: EvidenceViewDto;
  @ApiPropertyOptional(nullableString) submissionId: string | null;
  @ApiPropertyOptional() duplicate?: boolean;
}

export class DueRuleViewDto {
  @ApiProperty() month: number;
  @ApiProperty() day: number;
  @ApiProperty({ description: '0 = 报告年度内，1 = 次年' }) yearOffset: number;
}

export class TemplateDto {
  @ApiProperty() id: string;
  @ApiProperty() templateKey: string;
  @ApiProperty() year: number;
  @ApiProperty() version: number;
  @ApiProperty() title: string;
  @ApiPropertyOptional(nullableString) description: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) sourceDocuments: unknown[];
  @ApiProperty({ type: DueRuleViewDto, description: '年度报告报送期限' }) reportSubmitBy: DueRuleViewDto;
  @ApiProperty({ type: DueRuleViewDto, description: '年度报告公开期限' }) reportPublishBy: DueRuleViewDto;
  @ApiPropertyOptional({ ...nullableString, description: '所属县；null 为全国默认模板' }) countyId: string | null;
  @ApiPropertyOptional(nullableString) derivedFromId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class TemplateSummaryDto extends TemplateDto {
  @ApiProperty({ description: '使用该版本的清单数（县审核人员与乡镇：本县的）' }) checklistCount: number;
  @ApiProperty({ description: '其中已报送该年度报告的乡镇数（未撤回，且未被判定为无法读取、非年度报告或待确认年度；与检查矩阵的“已报送”一致）' }) reportCount: number;
}

export class TemplateObligationDto {
  @ApiProperty() templateId: string;
  @ApiProperty() obligationId: string;
  @ApiProperty() position: number;
  @ApiProperty() area: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() descriptionZh: string;
  @ApiProperty() tier: string;
  @ApiProperty() judgedBy: string;
  @ApiProperty({ enum: REQUIREMENT_KINDS }) requirementKind: string;
  @ApiPropertyOptional(nullableString) metricKey: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) threshold: number | null;
  @ApiPropertyOptional(nullableString) unit: string | null;
  @ApiPropertyOptional(nullableString) requirementBasis: string | null;
  @ApiProperty() thresholdIsLocalDefault: boolean;
  @ApiProperty({ type: DueRuleViewDto }) dueRule: DueRuleViewDto;
  @ApiProperty() weight: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) sources: unknown[];
}

export class TemplateWithObligationsDto extends TemplateDto {
  @ApiProperty({ type: [TemplateObligationDto] }) obligations: TemplateObligationDto[];
}
