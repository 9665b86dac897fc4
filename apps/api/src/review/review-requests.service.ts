import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { findingAnsweredNotice, itemQuestionNotice, reviewRequestNotice } from '@app/domain';
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
    const notice = reviewRequestNotice({ townshipName: item.township_name, year: item.year, itemName: item.item_name ?? '检查项', cause, detail });
    const deliveries = await this.notifyAuditors(m, {
      countyId: item.county_id,
      townshipId: item.township_id,
      kind: 'review_request',
      notice,
      payload: { checklistItemId: itemId, townshipId: item.township_id, year: item.year, cause },
      dedupe: `review_request:${itemId}:${now.toISOString()}`,
      now,
    });
    return { deliveries, recompute };
  }

  /**
   * A township's answer to a finding that is about no single checklist item (a plan item, a problem, the report's
   * dates): nothing to put back in 待审, but the county's auditors are told, as for item answers.
   */
  async findingAnswered(
    m: EntityManager,
    finding: { id: string; townshipId: string; year: number; message: string },
    township: { name: string; countyId: string },
    response: string,
  ): Promise<ReviewRequestResult> {
    const now = new Date();
    const deliveries = await this.notifyAuditors(m, {
      countyId: township.countyId,
      townshipId: finding.townshipId,
      kind: 'finding_response',
      notice: findingAnsweredNotice({ townshipName: township.name, year: finding.year, finding: finding.message, response }),
      payload: { findingId: finding.id, townshipId: finding.townshipId, year: finding.year },
      dedupe: `finding_response:${finding.id}:${now.toISOString()}`,
      now,
    });
    return { deliveries, recompute: null };
  }

  /**
   * The other direction: an auditor's comment on an item is a question to the township — an in-app notification (and
   * e-mail when configured) to each of its active accounts. Inside the caller's transaction; deliver the result after.
   */
  async questionAsked(
    m: EntityManager,
    item: { id: string; townshipId: string; countyId: string; year: number; itemName: string },
    comment: string,
  ): Promise<ReviewRequestResult> {
    const now = new Date();
    const recipients: { id: string; email: string | null }[] = await m.query(
      `SELECT id, email FROM users WHERE role = 'township' AND township_id = $1 AND disabled = false ORDER BY username`,
      [item.townshipId],
    );
    const deliveries = await this.notifyUsers(m, recipients, {
      countyId: item.countyId,
      townshipId: item.townshipId,
      kind: 'item_question',
      notice: itemQuestionNotice({ year: item.year, itemName: item.itemName, comment }),
      payload: { checklistItemId: item.id, townshipId: item.townshipId, year: item.year },
      dedupe: `item_question:${item.id}:${now.toISOString()}`,
      now,
    });
    return { deliveries, recompute: null };
  }

  /** In-app rows for every active auditor of the county (and e-mail rows when configured); returns the e-mail rows. */
  private async notifyAuditors(
    m: EntityManager,
    a: { countyId: string; townshipId: string; kind: string; notice: { subject: string; body: string }; payload: Record<string, unknown>; dedupe: string; now: Date },
  ): Promise<string[]> {
    const auditors: { id: string; email: string | null }[] = await m.query(
      `SELECT id, email FROM users WHERE role = 'auditor' AND county_id = $1 AND disabled = false ORDER BY username`,
      [a.countyId],
    );
    return this.notifyUsers(m, auditors, a);
  }

  private async notifyUsers(
    m: EntityManager,
    recipients: { id: string; email: string | null }[],
    a: { countyId: string; townshipId: string; kind: string; notice: { subject: string; body: string }; payload: Record<string, unknown>; dedupe: string; now: Date },
  ): Promise<string[]> {
    const base = { townshipId: a.townshipId, countyId: a.countyId, kind: a.kind, subject: a.notice.subject, body: a.notice.body, payload: a.payload };
    const key = (userId: string, channel: string) => `${a.dedupe}:${userId}:${channel}`;
    const rows: QueryDeepPartialEntity<Notification>[] = [];
    for (const u of recipients) {
      rows.push({ ...base, dedupeKey: key(u.id, 'in_app'), channel: 'in_app', recipientUserId: u.id, recipientAddress: null, status: 'sent', sentAt: a.now } as QueryDeepPartialEntity<Notification>);
      if (u.email && this.config.mail.smtpUrl) {
        rows.push({ ...base, dedupeKey: key(u.id, 'email'), channel: 'email', recipientUserId: u.id, recipientAddress: u.email, status: 'pending' } as QueryDeepPartialEntity<Notification>);
      }
    }
    if (!rows.length) return [];
    const inserted = await m.createQueryBuilder().insert().into(Notification).values(rows).orIgnore().returning(['id', 'channel']).execute();
    return (inserted.raw as { id: string; channel: string }[]).filter((r) => r.channel !== 'in_app').map((r) => r.id);
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
