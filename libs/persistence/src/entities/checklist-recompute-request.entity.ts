import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The durable intent to recompute one township-year checklist (an outbox row). Whoever changes what a checklist is
 * computed from (a review decision, an evidence review, a template or village-count edit) upserts this row in the
 * same transaction as the change; the api then adds the job, and the worker's sweeper re-adds it for every row still
 * here (Redis flushed, api crashed between commit and add). A recompute deletes the row only if `requestedAt` is
 * still the value it read before recomputing, so a request made meanwhile is never lost.
 */
@Entity('checklist_recompute_requests')
export class ChecklistRecomputeRequest {
  @PrimaryColumn({ name: 'township_id', type: 'uuid', primaryKeyConstraintName: 'PK_checklist_recompute_requests' }) townshipId: string;
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_checklist_recompute_requests' }) year: number;
  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'clock_timestamp()' }) requestedAt: Date;
}
