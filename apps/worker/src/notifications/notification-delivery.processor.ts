import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { InjectRepository } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { Repository } from 'typeorm';
import { QUEUES, WORKER_LOCK_OPTIONS, type DeliverNotificationJob } from '@app/queue';
import { Notification } from '@app/persistence';
import { EmailChannel } from './email.channel';
import { RobotChannel } from './robot.channel';
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

  async process(job: Job<DeliverNotificationJob>): Promise<{ result: 'sent' | 'skipped' }> {
    const n = await this.notifications.findOneBy({ id: job.data.notificationId });
    if (!n || n.status === 'sent' || n.status === 'read' || n.channel === 'in_app') return { result: 'skipped' };
    const attempt = job.attemptsMade + 1;
    try {
      if (n.channel === 'email') await this.email.send(n);
      else if (n.channel === 'wecom' || n.channel === 'dingtalk') await this.robot.deliver(n, attempt);
      else await this.webhook.deliver(n, attempt);
    } catch (e) {
      const last = attempt >= (job.opts.attempts ?? 1) || e instanceof UnrecoverableError;
      await this.notifications.update({ id: n.id }, { status: last ? 'failed' : 'pending', attempts: attempt, lastError: (e as Error).message });
      throw e;
    }
    await this.notifications.update({ id: n.id }, { status: 'sent', sentAt: new Date(), attempts: attempt, lastError: null });
    return { result: 'sent' };
  }
}
