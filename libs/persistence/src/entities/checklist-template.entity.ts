import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { County } from './county.entity';

export interface DueRuleJson {
  month: number;
  day: number;
  yearOffset: number;
}

/**
 * One version of the obligation template for one report year. A new version is a new row with its own
 * obligations, so editing next year's template never rewrites checklists already made from an older one.
 *
 * Owner: `countyId` null is the national default (edited by admins only); a county template (countyId set) is the
 * county's own version for that year, derived from the default or from its previous year, edited by that county's
 * auditors (and admins). A county's checklists use its own template for the year when it has one, else the default.
 * Versions are numbered per year across all owners, so (year, version) stays unique.
 */
@Entity('checklist_templates')
@Index(['year', 'version'], { unique: true })
export class ChecklistTemplate {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'template_key', type: 'text', default: 'default' }) templateKey: string;
  /** The owning county; null for the national default. */
  @Index()
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId: string | null;
  @ManyToOne(() => County, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'county_id' }) county?: County;
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
