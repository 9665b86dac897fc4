import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { reviewRequestNotice } from '@app/domain';
import { Notification, type ReviewRequestCause } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/principal';
import { JobProducer } from '../jobs/job-producer.service';

export interface ReviewRequestResult {
  /** Outward (email) notification rows to deliver once the caller's transaction has committed. */
  deliveries: string[];
  /** The township-year whose findings now say the item awaits review (recomputed after the commit). */
  recompute: { townshipId: string; year: number } | null;
}

/**
 * The township's side of the review loop: when a township answers an item's finding, adds a file to a rejected item
 * or writes a note on it, the item is back in 待审 (review_requested_at) and the county's auditors are told — an
 * in-app notification each (delivered by being stored, as the reminders' are) and an e-mail when they have an
 * address and SMTP is configured (a pending row, delivered by the worker). The auditor's decision is kept until
 * they decide anew, so nothing a township does moves the score on its own.
 */
@Injectable()
export class ReviewRequests {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
  ) {}

  /** Inside the caller's transaction. Returns the rows to deliver after the commit (see `deliver`). */
  async request(m: EntityManager, user: Principal, itemId: string, cause: ReviewRequestCause, detail: string | null): Promise<ReviewRequestResult> {
    const [item]: { township_id: string; year: number; county_id: string; township_name: string; item_name: string | null; review_requested_at: Date | null; decision: string | null }[] = await m.query(
      `SELECT c.township_id, c.year, t.county_id, t.name AS township_name, o.name_zh AS item_name, ci.review_requested_at, ci.decision::text AS decision
         FROM checklist_items ci
         JOIN checklists c ON c.id = ci.checklist_id
         JOIN townships t ON t.id = c.township_id
         LEFT JOIN template_obligations o ON o.template_id = c.template_id AND o.obligation_id = ci.obligation_id
        WHERE ci.id = $1
          FOR UPDATE OF ci`,
      [itemId],
    );
    if (!item) return { deliveries: [], recompute: null };
    const now = new Date();
    await m.query(
      `UPDATE checklist_items SET review_requested_at = $2, review_requested_by = $3, review_request_cause = $4, updated_at = now() WHERE id = $1`,
      [itemId, now, user.id, cause],
    );
    await this.audit.record(m, user, {
      action: 'checklist_item.review_requested',
      entityType: 'checklist_item',
      entityId: itemId,
      countyId: item.county_id,
      townshipId: item.township_id,
      before: { reviewRequestedAt: item.review_requested_at, decision: item.decision },
      after: { reviewRequestedAt: now, reviewRequestCause: cause, decision: item.decision, detail },
    });
    // The item's finding says it awaits review: a durable recompute request, the job added after the commit.
    await this.jobs.requestRecompute(m, item.township_id, item.year);
    const recompute = { townshipId: item.township_id, year: item.year };
    const auditors: { id: string; email: string | null }[] = await m.query(
      `SELECT id, email FROM users WHERE role = 'auditor' AND county_id = $1 AND disabled = false ORDER BY username`,
      [item.county_id],
    );
    const notice = reviewRequestNotice({ townshipName: item.township_name, year: item.year, itemName: item.item_name ?? '检查项', cause, detail });
    const base = {
      townshipId: item.township_id,
      countyId: item.county_id,
      kind: 'review_request',
      subject: notice.subject,
      body: notice.body,
      payload: { checklistItemId: itemId, townshipId: item.township_id, year: item.year, cause },
    };
    const key = (userId: string, channel: string) => `review_request:${itemId}:${now.toISOString()}:${userId}:${channel}`;
    const rows: QueryDeepPartialEntity<Notification>[] = [];
    for (const a of auditors) {
      rows.push({ ...base, dedupeKey: key(a.id, 'in_app'), channel: 'in_app', recipientUserId: a.id, recipientAddress: null, status: 'sent', sentAt: now } as QueryDeepPartialEntity<Notification>);
      if (a.email && this.config.mail.smtpUrl) {
        rows.push({ ...base, dedupeKey: key(a.id, 'email'), channel: 'email', recipientUserId: a.id, recipientAddress: a.email, status: 'pending' } as QueryDeepPartialEntity<Notification>);
      }
    }
    if (!rows.length) return { deliveries: [], recompute };
    const inserted = await m.createQueryBuilder().insert().into(Notification).values(rows).orIgnore().returning(['id', 'channel']).execute();
    return { deliveries: (inserted.raw as { id: string; channel: string }[]).filter((r) => r.channel !== 'in_app').map((r) => r.id), recompute };
  }

  /** After the commit: the delivery jobs of the outward rows and the recompute (the sweeper adds them when Redis is away). */
  deliver(result: ReviewRequestResult | null | undefined): void {
    if (!result) return;
    if (result.deliveries.length) this.jobs.enqueueDeliveries(result.deliveries);
    if (result.recompute) this.jobs.enqueueRecompute(result.recompute.townshipId, result.recompute.year);
  }

  /** Inside an auditor's transaction: a decision or an evidence review on the item answers the township's request. */
  static async clear(m: EntityManager, itemId: string): Promise<void> {
    await m.query(
      `UPDATE checklist_items SET review_requested_at = NULL, review_requested_by = NULL, review_request_cause = NULL, updated_at = now()
        WHERE id = $1 AND review_requested_at IS NOT NULL`,
      [itemId],
    );
  }
}
