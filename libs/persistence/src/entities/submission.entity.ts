import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Township } from './township.entity';

export const SUBMISSION_KINDS = ['annual_report', 'evidence'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export const SUBMISSION_STATUSES = ['received', 'queued', 'analyzing', 'analyzed', 'failed', 'rejected_not_report', 'needs_year_confirmation'] as const;
/** Statuses of submissions that count for nothing: unreadable, or an annual report that is not a report at all. */
export const NOT_COUNTED_STATUSES = ['failed', 'rejected_not_report', 'needs_year_confirmation'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const FILE_FORMATS = ['txt', 'html', 'docx', 'pdf', 'doc', 'wps', 'ofd', 'image'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * A file a township submitted: its annual report or an evidence file for one checklist item. The row is the source
 * of truth for the analysis state, so a job lost in Redis is found again by the sweeper.
 */
@Entity('submissions')
@Index(['townshipId', 'year', 'kind', 'sha256'], { unique: true })
@Index(['status', 'updatedAt'])
// A township year's evidence files, reached from its checklist items (loadTownshipYearDocs, the recompute).
@Index('submissions_checklist_item', ['checklistItemId'], { where: 'checklist_item_id IS NOT NULL' })
export class Submission {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  @ManyToOne(() => Township, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'township_id' }) township?: Township;
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'enum', enum: SUBMISSION_KINDS, enumName: 'submission_kind' }) kind: SubmissionKind;
  /** For evidence files: the checklist item the file supports. */
  @Column({ name: 'checklist_item_id', type: 'uuid', nullable: true }) checklistItemId: string | null;
  @Column({ name: 'file_name', type: 'text' }) fileName: string;
  @Column({ type: 'enum', enum: FILE_FORMATS, enumName: 'file_format' }) format: FileFormat;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey: string;
  @Column({ type: 'enum', enum: SUBMISSION_STATUSES, enumName: 'submission_status', default: 'received' }) status: SubmissionStatus;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode: string | null;
  @Column({ name: 'error_message', type: 'text', nullable: true }) errorMessage: string | null;
  /** Claims so far (each run of a job, retries included). */
  @Column({ type: 'int', default: 0 }) attempts: number;
  /**
   * The current analysis job's number, part of its id (`analysisJob`, `ocrJob` in @app/queue). Incremented by the
   * statement that re-queues the submission (api retry, forced re-analysis, sweeper), never by a claim.
   */
  @Column({ name: 'analysis_attempt', type: 'int', default: 0 }) analysisAttempt: number;
  @Column({ name: 'analyzer_version', type: 'text', nullable: true }) analyzerVersion: string | null;
  /** What the analyzer read off the document (township name, level, report year, section list…). */
  @Column({ name: 'analysis_meta', type: 'jsonb', nullable: true }) analysisMeta: Record<string, unknown> | null;
  @Column({ name: 'published_at', type: 'date', nullable: true }) publishedAt: string | null;
  @Column({ name: 'published_url', type: 'text', nullable: true }) publishedUrl: string | null;
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true }) submittedBy: string | null;
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' }) submittedAt: Date;
  /**
   * Set by the analysis when the file is a scan or photo: from then on the submission is analysed on the `ocr` queue
   * (the sweeper re-adds it there, a re-analysis goes straight there).
   */
  @Column({ name: 'needs_ocr', type: 'boolean', default: false }) needsOcr: boolean;
  /** While OCR reads the file: pages done and total ({ page, total }); null otherwise. */
  @Column({ type: 'jsonb', nullable: true }) progress: { page: number; total: number } | null;
  @Column({ name: 'analyzed_at', type: 'timestamptz', nullable: true }) analyzedAt: Date | null;
  /** Set when the township withdrew the submission: kept in history, no longer one of the year's current documents. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy: string | null;
  /** An auditor took an annual report the worker judged not to be one as a report anyway (it is then analysed as one). */
  @Column({ name: 'report_override_by', type: 'uuid', nullable: true }) reportOverrideBy: string | null;
  @Column({ name: 'report_override_at', type: 'timestamptz', nullable: true }) reportOverrideAt: Date | null;
  /** The township confirmed the report year although the text states another (else needs_year_confirmation). */
  @Column({ name: 'year_confirmed_by', type: 'uuid', nullable: true }) yearConfirmedBy: string | null;
  @Column({ name: 'year_confirmed_at', type: 'timestamptz', nullable: true }) yearConfirmedAt: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
