import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Submission } from './submission.entity';

// Relative path, not `@app/domain`: see checklist-item.entity.ts.
import { PLAN_ITEM_STATUSES, type PlanItemStatus } from '../../../domain/src/checklist/statuses';

export { PLAN_ITEM_STATUSES, type PlanItemStatus };

export interface TargetJson {
  metric?: string;
  op: '>=' | '<=' | '=';
  value: number;
  unit: string;
}

/**
 * A commitment from the report of year N for year N+1 (planYear). Judged against year N+1's report; an auditor's
 * override wins over the automatic judgement and survives re-analysis.
 */
@Entity('plan_items')
@Index(['submissionId', 'position'], { unique: true })
@Index(['townshipId', 'planYear'])
export class PlanItem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'submission_id', type: 'uuid' }) submissionId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  /** The report year the commitment was made in. */
  @Column({ type: 'int' }) year: number;
  @Column({ name: 'plan_year', type: 'int' }) planYear: number;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'obligation_ids', type: 'text', array: true, default: () => `'{}'` }) obligationIds: string[];
  @Column({ type: 'jsonb', nullable: true }) target: TargetJson | null;
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'start_offset', type: 'int' }) startOffset: number;
  @Column({ name: 'end_offset', type: 'int' }) endOffset: number;
  /** Effective status: the override when there is one, else the automatic judgement. */
  @Column({ type: 'enum', enum: PLAN_ITEM_STATUSES, enumName: 'plan_item_status', default: 'open' }) status: PlanItemStatus;
  @Column({ name: 'auto_status', type: 'enum', enum: PLAN_ITEM_STATUSES, enumName: 'plan_item_status', default: 'open' }) autoStatus: PlanItemStatus;
  /** Why the automatic judgement came out as it did (zh), e.g. which obligations the next report evidences. */
  @Column({ name: 'judgement_note', type: 'text', nullable: true }) judgementNote: string | null;
  @Column({ name: 'judged_against_submission_id', type: 'uuid', nullable: true }) judgedAgainstSubmissionId: string | null;
  @Column({ name: 'override_status', type: 'enum', enum: PLAN_ITEM_STATUSES, enumName: 'plan_item_status', nullable: true }) overrideStatus: PlanItemStatus | null;
  @Column({ name: 'override_reason', type: 'text', nullable: true }) overrideReason: string | null;
  @Column({ name: 'override_by', type: 'uuid', nullable: true }) overrideBy: string | null;
  @Column({ name: 'override_at', type: 'timestamptz', nullable: true }) overrideAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
