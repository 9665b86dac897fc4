import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES, addJobs, deliverNotificationJob } from '@app/queue';
import type { NotificationChannel } from '@app/persistence';

export interface NewNotification {
  dedupeKey: string;
  channel: NotificationChannel;
  recipientUserId: string | null;
  recipientAddress: string | null;
  townshipId: string | null;
  countyId: string | null;
  kind: string;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
}

const BATCH = 2000;

/**
 * Records notifications exactly once: INSERT … ON CONFLICT (dedupe_key) DO NOTHING, and only the rows this call
 * inserted go out (a delivery job each for email and webhook; in-app rows are delivered by being stored). So a
 * reminder run that repeats, or two that overlap, never sends the same reminder twice.
 */
@Injectable()
export class NotificationOutboxService {
  private readonly logger = new Logger(NotificationOutboxService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {}

  async record(rows: NewNotification[], now: Date): Promise<{ inserted: number; deliveries: number }> {
    let inserted = 0;
    let deliveries = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      // One parameter per batch (a JSON array unpacked in the database): cheaper to send and plan than thousands.
      const raw: { id: string; channel: NotificationChannel }[] = await this.ds.query(
        `INSERT INTO notifications (dedupe_key, channel, recipient_user_id, recipient_address, township_id, county_id, kind, subject, body, payload, status, sent_at)
         SELECT v."dedupeKey", v.channel::notification_channel, v."recipientUserId", v."recipientAddress", v."townshipId", v."countyId",
                v.kind, v.subject, v.body, coalesce(v.payload, '{}'::jsonb),
                CASE WHEN v.channel = 'in_app' THEN 'sent' ELSE 'pending' END::notification_status,
                CASE WHEN v.channel = 'in_app' THEN $2::timestamptz END
           FROM jsonb_to_recordset($1::jsonb)
                AS v("dedupeKey" text, channel text, "recipientUserId" uuid, "recipientAddress" text, "townshipId" uuid, "countyId" uuid,
                     kind text, subject text, body text, payload jsonb)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id, channel::text AS channel`,
        [JSON.stringify(rows.slice(i, i + BATCH)), now],
      );
      inserted += raw.length;
      const outward = raw.filter((r) => r.channel !== 'in_app');
      if (outward.length) {
        // The rows are the intent (status pending): when Redis refuses the jobs the sweeper adds them later.
        try {
          await addJobs(this.queue, outward.map((r) => deliverNotificationJob(r.id)));
        } catch (e) {
          this.logger.warn(`delivery jobs for ${outward.length} notifications not added, the sweeper will: ${(e as Error).message}`);
        }
        deliveries += outward.length;
      }
    }
    return { inserted, deliveries };
  }
}
