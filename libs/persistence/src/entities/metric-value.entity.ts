import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

/** A number a report states for its year, keyed as in spec/metrics.tsv. */
@Entity('metric_values')
@Index(['submissionId', 'obligationId', 'key', 'startOffset'], { unique: true })
@Index(['townshipId', 'year'])
export class MetricValue {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'submission_id', type: 'uuid' }) submissionId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  @Column({ type: 'int' }) year: number;
  @Column({ name: 'obligation_id', type: 'text' }) obligationId: string;
  @Column({ type: 'text' }) key: string;
  @Column({ type: 'double precision' }) value: number;
  @Column({ type: 'text' }) unit: string;
  @Column({ type: 'text' }) quote: string;
  @Column({ name: 'start_offset', type: 'int' }) startOffset: number;
  @Column({ name: 'end_offset', type: 'int' }) endOffset: number;
}
