import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Township } from './township.entity';

// Relative path, not `@app/domain`: see checklist-item.entity.ts.
import { FINDING_KINDS, FINDING_STATUSES, type FindingKind, type FindingStatus } from '../../../domain/src/checklist/statuses';

export { FINDING_KINDS, FINDING_STATUSES, type FindingKind, type FindingStatus };

/**
 * Something an auditor should chase. `subjectKey` names what it is about (an obligation, a plan item, a problem, the
 * report) so recomputation opens and resolves the same row instead of piling up duplicates.
 */
@Entity('findings')
@Index(['townshipId', 'year', 'kind', 'subjectKey'], { unique: true })
@Index(['status'])
export class Finding {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  @ManyToOne(() => Township, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'township_id' }) township?: Township;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'enum', enum: FINDING_KINDS, enumName: 'finding_kind' }) kind: FindingKind;
  @Column({ name: 'subject_key', type: 'text' }) subjectKey: string;
  @Column({ name: 'checklist_item_id', type: 'uuid', nullable: true }) checklistItemId: string | null;
  @Column({ name: 'plan_item_id', type: 'uuid', nullable: true }) planItemId: string | null;
  @Column({ name: 'problem_id', type: 'uuid', nullable: true }) problemId: string | null;
  @Column({ type: 'enum', enum: FINDING_STATUSES, enumName: 'finding_status', default: 'open' }) status: FindingStatus;
  /** What is wrong, in Chinese, for people. */
  @Column({ type: 'text' }) message: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ type: 'jsonb', default: () => `'{}'` }) details: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) response: string | null;
  @Column({ name: 'responded_by', type: 'uuid', nullable: true }) respondedBy: string | null;
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true }) respondedAt: Date | null;
  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
