import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PLAN_ITEM_STATUSES, REVIEW_STATES, type PlanItemStatus, type ReviewState } from '@app/persistence';

export const ITEM_ACTIONS = ['accept', 'reject', 'waive', 'clear', 'comment'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];
export type DecisionAction = Exclude<ItemAction, 'comment'>;

export class ReviewItemDto {
  @ApiProperty({
    enum: ITEM_ACTIONS,
    description: 'accept=认可, reject=驳回, waive=豁免（须说明理由）, clear=撤销决定, comment=只提审核意见（向乡镇提问，不改变状态和得分；须填写 comment）',
  })
  @IsIn(ITEM_ACTIONS)
  action: ItemAction;
  @ApiPropertyOptional({ description: '理由（豁免时必填）' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ description: '审核意见（乡镇可见，可在“我的任务”中答复）；comment 操作时必填' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class ReviewEvidenceDto {
  @ApiProperty({ enum: REVIEW_STATES }) @IsIn(REVIEW_STATES) reviewState: ReviewState;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class ManualEvidenceDto {
  /** Documents the multipart file part; the bytes arrive through multer, never through this field. */
  @ApiPropertyOptional({ type: 'string', format: 'binary', description: '佐证文件（作为该检查项的佐证材料提交）' }) @IsOptional() file?: unknown;
  @ApiPropertyOptional({ description: '说明；不上传文件时必填' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(4000) note?: string;
}

export const PLAN_OVERRIDES = [...PLAN_ITEM_STATUSES, 'auto'] as const;
export type PlanOverride = PlanItemStatus | 'auto';

export class OverridePlanItemDto {
  @ApiProperty({ enum: PLAN_OVERRIDES, description: "人工判定；'auto' 撤销人工判定，恢复自动判定" }) @IsIn(PLAN_OVERRIDES) status: PlanOverride;
  @ApiProperty({ description: '理由（必填）' }) @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class TownshipNoteDto {
  @ApiProperty({ nullable: true, type: String, description: '乡镇对本检查项的说明（如“本年度未发生”“材料见附件”）；空字符串或 null 删除说明', maxLength: 2000 })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  note: string | null;
}
