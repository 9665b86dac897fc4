import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ChecklistTemplate } from './checklist-template.entity';
import { Township } from './township.entity';

/** A township's checklist for one report year, made from one template version. */
@Entity('checklists')
@Index(['townshipId', 'year'], { unique: true })
export class Checklist {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'township_id', type: 'uuid' }) townshipId: string;
  @ManyToOne(() => Township, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'township_id' }) township?: Township;
  @Column({ type: 'int' }) year: number;
  @Column({ name: 'template_id', type: 'uuid' }) templateId: string;
  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'template_id' }) template?: ChecklistTemplate;
  /** Weighted share of obligations met, 0–100. */
  @Column({ type: 'double precision', default: 0 }) score: number;
  @Column({ name: 'recomputed_at', type: 'timestamptz', nullable: true }) recomputedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
