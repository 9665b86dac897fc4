import type { AuditAction, AuditEntityType } from '@app/domain/labels';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, with the state before and after. County/township ids make it scoped readable. */
@Entity('audit_log')
@Index(['countyId', 'at'])
@Index(['entityType', 'entityId'])
export class AuditLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  /** 'system', 'worker' or the username, kept even if the user is later removed. */
  @Column({ name: 'actor_label', type: 'text' }) actorLabel: string;
  @Column({ type: 'text' }) action: AuditAction;
  @Column({ name: 'entity_type', type: 'text' }) entityType: AuditEntityType;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId: string | null;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId: string | null;
  @Column({ name: 'township_id', type: 'uuid', nullable: true }) townshipId: string | null;
  @Column({ type: 'jsonb', nullable: true }) before: unknown;
  @Column({ type: 'jsonb', nullable: true }) after: unknown;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at: Date;
}
