import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChecklistItem } from './checklist-item.entity';
import { Submission } from './submission.entity';

export const EVIDENCE_SOURCES = ['auto', 'manual', 'ocr'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
export const REVIEW_STATES = ['pending', 'accepted', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/**
 * A quote (auto, from an analysed submission; ocr, from the text OCR read off a scan or photo) or a note/file
 * (manual) supporting one checklist item.
 */
@Entity('evidence')
@Index('evidence_auto_unique', ['checklistItemId', 'submissionId', 'startOffset', 'endOffset'], { unique: true, where: `source <> 'manual'` })
// The partial unique index serves only automatic-quote lookups: a checklist's evidence (township year, review) and a
// submission's quotes (re-analysis, delete cascade) each need their own, or they scan the whole table (issue 15).
@Index('evidence_checklist_item', ['checklistItemId'])
@Index('evidence_submission', ['submissionId'], { where: 'submission_id IS NOT NULL' })
export class Evidence {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'checklist_item_id', type: 'uuid' }) checklistItemId: string;
  @ManyToOne(() => ChecklistItem, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'checklist_item_id' }) checklistItem?: ChecklistItem;
  @Column({ name: 'submission_id', type: 'uuid', nullable: true }) submissionId: string | null;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @Column({ type: 'enum', enum: EVIDENCE_SOURCES, enumName: 'evidence_source' }) source: EvidenceSource;
  @Column({ type: 'text', nullable: true }) quote: string | null;
  @Column({ name: 'start_offset', type: 'int', nullable: true }) startOffset: number | null;
  @Column({ name: 'end_offset', type: 'int', nullable: true }) endOffset: number | null;
  @Column({ type: 'text', nullable: true }) section: string | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** The analyzer's 0–1 strength of the claim (automatic quotes); the review queue puts the weakest first. */
  @Column({ type: 'real', nullable: true }) confidence: number | null;
  /** For source 'ocr': the OCR reader's 0–1 confidence in the lines the quote spans (the lowest of them). */
  @Column({ name: 'ocr_confidence', type: 'real', nullable: true }) ocrConfidence: number | null;
  @Column({ name: 'review_state', type: 'enum', enum: REVIEW_STATES, enumName: 'review_state', default: 'pending' }) reviewState: ReviewState;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
