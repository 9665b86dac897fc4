import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { County } from './county.entity';

export const TOWNSHIP_LEVELS = ['town', 'township', 'street'] as const;
export type TownshipLevel = (typeof TOWNSHIP_LEVELS)[number];

/** A township (乡), town (镇) or street office (街道) audited by its county. */
@Entity('townships')
@Index(['countyId', 'name'], { unique: true })
export class Township {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId: string;
  @ManyToOne(() => County, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'county_id' }) county?: County;
  @Column({ type: 'text', unique: true }) code: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'enum', enum: TOWNSHIP_LEVELS, enumName: 'township_level' }) level: TownshipLevel;
  /** Villages (村) and communities (社区): the denominator of 一村（社区）一法律顾问 coverage. */
  @Column({ name: 'village_count', type: 'int', nullable: true }) villageCount: number | null;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
