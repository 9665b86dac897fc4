import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Checklist } from './checklist.entity';

// The unions are libs/domain's; a relative path, because the entities are also loaded where no `@app/*` alias is
// resolved (jest's globalSetup runs the migrations through them).
import { AUTO_ITEM_STATUSES, ITEM_DECISIONS, ITEM_STATUSES, type AutoItemStatus, type ItemDecision, type ItemStatus } from '../../../domain/src/checklist/statuses';

export { AUTO_ITEM_STATUSES, ITEM_DECISIONS, ITEM_STATUSES, type AutoItemStatus, type ItemDecision, type ItemStatus };
/**
 * Why an item waits for the auditor again: the township answered its finding, added a file, wrote a note on a
 * rejected item, or answered the auditor's comment (question_answered).
 */
export const REVIEW_REQUEST_CAUSES = ['finding_response', 'evidence_file', 'township_note', 'question_answered'] as const;
export type ReviewRequestCause = (typeof REVIEW_REQUEST_CAUSES)[number];

/**
 * One obligation on one checklist. `autoStatus` is what the analysis shows; `decision` is an auditor's; `status` is
 * the effective one (the decision when there is one). Re-analysis only ever rewrites autoStatus.
 */
@Entity('checklist_items')
@Index(['checklistId', 'obligationId'], { unique: true })
export class ChecklistItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'checklist_id', type: 'uuid' }) checklistId: string;
  @ManyToOne(() => Checklist, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'checklist_id' }) checklist?: Checklist;
  @Column({ name: 'obligation_id', type: 'text' }) obligationId: string;
  @Column({ type: 'enum', enum: ITEM_STATUSES, enumName: 'item_status', default: 'missing' }) status: ItemStatus;
  @Column({ name: 'auto_status', type: 'enum', enum: AUTO_ITEM_STATUSES, enumName: 'auto_item_status', default: 'missing' }) autoStatus: AutoItemStatus;
  @Column({ type: 'enum', enum: ITEM_DECISIONS, enumName: 'item_decision', nullable: true }) decision: ItemDecision | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  /** The auditor's 审核意见 (with a decision or alone, as a question the township answers with its note). */
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ name: 'comment_by', type: 'uuid', nullable: true }) commentBy: string | null;
  @Column({ name: 'comment_at', type: 'timestamptz', nullable: true }) commentAt: Date | null;
  /**
   * Set when the township acts on an item after a rejection (or answers its finding): the item is 待审 again. The
   * decision itself is kept (the score does not move before the auditor looks); any new decision or evidence review
   * by the auditor clears it.
   */
  @Column({ name: 'review_requested_at', type: 'timestamptz', nullable: true }) reviewRequestedAt: Date | null;
  @Column({ name: 'review_requested_by', type: 'uuid', nullable: true }) reviewRequestedBy: string | null;
  @Column({ name: 'review_request_cause', type: 'text', nullable: true }) reviewRequestCause: ReviewRequestCause | null;
  /** The township's own note on the item (本年度未发生, 材料见附件…), shown to the auditor next to the evidence. */
  @Column({ name: 'township_note', type: 'text', nullable: true }) townshipNote: string | null;
  @Column({ name: 'township_note_by', type: 'uuid', nullable: true }) townshipNoteBy: string | null;
  @Column({ name: 'township_note_at', type: 'timestamptz', nullable: true }) townshipNoteAt: Date | null;
  /** The measured value against the template threshold, when the requirement is a number. */
  @Column({ name: 'measured_value', type: 'double precision', nullable: true }) measuredValue: number | null;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  /** Points earned: weight when met, 0 otherwise. */
  @Column({ type: 'double precision', default: 0 }) score: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
