import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ChecklistTemplate, DueRuleJson } from './checklist-template.entity';

// Relative path, not `@app/domain`: see checklist-item.entity.ts.
import { REQUIREMENT_KINDS, type RequirementKind } from '../../../domain/src/checklist/statuses';

export { REQUIREMENT_KINDS, type RequirementKind };

/** An obligation as one template version states it (ids exactly those of spec/obligations.tsv). */
@Entity('template_obligations')
export class TemplateObligation {
  @PrimaryColumn({ name: 'template_id', type: 'uuid' }) templateId: string;
  @ManyToOne(() => ChecklistTemplate, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'template_id' }) template?: ChecklistTemplate;
  @PrimaryColumn({ name: 'obligation_id', type: 'text' }) obligationId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'text' }) area: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'description_zh', type: 'text' }) descriptionZh: string;
  @Column({ type: 'text' }) tier: string;
  @Column({ name: 'judged_by', type: 'text' }) judgedBy: string;
  @Column({ name: 'requirement_kind', type: 'enum', enum: REQUIREMENT_KINDS, enumName: 'requirement_kind' }) requirementKind: RequirementKind;
  @Column({ name: 'metric_key', type: 'text', nullable: true }) metricKey: string | null;
  @Column({ type: 'double precision', nullable: true }) threshold: number | null;
  @Column({ type: 'text', nullable: true }) unit: string | null;
  /** Where the threshold comes from, with its [V]/[R]/[L] status (zh). */
  @Column({ name: 'requirement_basis', type: 'text', nullable: true }) requirementBasis: string | null;
  @Column({ name: 'threshold_is_local_default', type: 'boolean', default: false }) thresholdIsLocalDefault: boolean;
  @Column({ name: 'due_rule', type: 'jsonb' }) dueRule: DueRuleJson;
  @Column({ type: 'double precision', default: 1 }) weight: number;
  @Column({ type: 'jsonb', default: () => `'[]'` }) sources: unknown[];
}
