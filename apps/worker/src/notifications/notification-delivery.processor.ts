import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { InjectRepository } from '@nestjs/typeorm';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { Repository } from 'typeorm';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, expectJobName, type DeliverNotificationJob } from '@app/queue';
import { Notification } from '@app/persistence';
import { EmailChannel } from './email.channel';
import { RobotChannel, RobotRateLimitedError } from './robot.channel';
import { WebhookChannel } from './webhook.channel';

/**
 * notifications queue: one job per outward notification (email, webhook, 企业微信 and 钉钉 robots). Failures retry with the queue's
 * exponential backoff; after the last attempt the notification is marked failed. A notification already sent is
 * skipped, so a duplicate job never sends twice.
 */
@Processor(QUEUES.notifications, WORKER_LOCK_OPTIONS)
export class NotificationDeliveryProcessor extends ProcessorHost {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly robot: RobotChannel,
  ) {
    super();
  }

  /** How long a message a robot refused as too frequent waits (WeCom allows 20 messages a minute per robot). */
  static robotRateLimitDelayMs = 60_000;
  /** Rate-limit waits per message before it counts as failed attempts again (an hour at the default delay). */
  static readonly maxRobotRateLimitWaits = 60;

  async process(job: Job<DeliverNotificationJob>, token?: string): Promise<{ result: 'sent' | 'skipped' }> {
    expectJobName(job, JOBS.deliverNotification);
    const n = await this.notifications.findOneBy({ id: job.data.notificationId });
    if (!n || n.status === 'sent' || n.status === 'read' || n.channel === 'in_app') return { result: 'skipped' };
    const attempt = job.attemptsMade + 1;
    try {
      if (n.channel === 'email') await this.email.send(n);
      else if (n.channel === 'wecom' || n.channel === 'dingtalk') await this.robot.deliver(n, attempt);
      else await this.webhook.deliver(n, attempt);
    } catch (e) {
      // A robot that says "too many messages" is not failing: wait a minute without using up an attempt.
      const waits = job.data.rateLimitWaits ?? 0;
      if (e instanceof RobotRateLimitedError && token && waits < NotificationDeliveryProcessor.maxRobotRateLimitWaits) {
        await this.notifications.update({ id: n.id }, { lastError: e.message });
        await job.updateData({ ...job.data, rateLimitWaits: waits + 1 });
        await job.moveToDelayed(Date.now() + NotificationDeliveryProcessor.robotRateLimitDelayMs, token);
        throw new DelayedError();
      }
      const last = attempt >= (job.opts.attempts ?? 1) || e instanceof UnrecoverableError;
      await this.notifications.update({ id: n.id }, { status: last ? 'failed' : 'pending', attempts: attempt, lastError: (e as Error).message });
      throw e;
    }
    await this.notifications.update({ id: n.id }, { status: 'sent', sentAt: new Date(), attempts: attempt, lastError: null });
    return { result: 'sent' };
  }
}
