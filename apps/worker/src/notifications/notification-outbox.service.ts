import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { QUEUES, addJobs, deliverNotificationJob } from '@app/queue';
import { Notification, type NotificationChannel } from '@app/persistence';

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

const BATCH = 500;

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
      const values = rows.slice(i, i + BATCH).map((r) =>
        (r.channel === 'in_app' ? { ...r, status: 'sent', sentAt: now } : { ...r, status: 'pending' }) as QueryDeepPartialEntity<Notification>,
      );
      const result = await this.ds.createQueryBuilder().insert().into(Notification).values(values).orIgnore().returning(['id', 'channel']).execute();
      const raw = result.raw as { id: string; channel: NotificationChannel }[];
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
