import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface DueRuleJson {
  month: number;
  day: number;
  yearOffset: number;
}

/**
 * One version of the obligation template for one report year. A new version is a new row with its own
 * obligations, so editing next year's template never rewrites checklists already made from an older one.
 */
@Entity('checklist_templates')
@Index(['year', 'version'], { unique: true })
export class ChecklistTemplate {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'template_key', type: 'text', default: 'default' }) templateKey: string;
  /** The report year the template applies to. */
  @Column({ type: 'int' }) year: number;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'source_documents', type: 'jsonb', default: () => `'[]'` }) sourceDocuments: unknown[];
  @Column({ name: 'report_submit_by', type: 'jsonb' }) reportSubmitBy: DueRuleJson;
  @Column({ name: 'report_publish_by', type: 'jsonb' }) reportPublishBy: DueRuleJson;
  @Column({ name: 'derived_from_id', type: 'uuid', nullable: true }) derivedFromId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
