import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Submission } from './submission.entity';

// Relative path, not `@app/domain`: see checklist-item.entity.ts.
import { PROBLEM_STATUSES, type ProblemStatus } from '../../../domain/src/checklist/statuses';

export { PROBLEM_STATUSES, type ProblemStatus };

/** A shortcoming a township reported about itself in year N; judged against year N+1's report. */
@Entity('problems')
@Index(['submissionId', 'position'], { unique: true })
@Index(['townshipId', 'year'])
export class Problem {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'submission_id', type: 'uuid' }) submissionId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'obligation_ids', type: 'text', array: true, default: () => `'{}'` }) obligationIds: string[];
  @Column({ name: 'start_offset', type: 'int' }) startOffset: number;
  @Column({ name: 'end_offset', type: 'int' }) endOffset: number;
  @Column({ type: 'enum', enum: PROBLEM_STATUSES, enumName: 'problem_status', default: 'open' }) status: ProblemStatus;
  @Column({ name: 'judgement_note', type: 'text', nullable: true }) judgementNote: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
