import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Submission } from './submission.entity';

/** The extracted, normalised text all evidence offsets point into (kept apart so listings stay light). */
@Entity('submission_texts')
export class SubmissionText {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid' }) submissionId: string;
  @OneToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'analyzer_version', type: 'text' }) analyzerVersion: string;
}
