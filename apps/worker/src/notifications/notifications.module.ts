import { Module } from '@nestjs/common';
import { EmailChannel } from './email.channel';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationOutboxService } from './notification-outbox.service';
import { RobotChannel } from './robot.channel';
import { WebhookChannel } from './webhook.channel';

@Module({
  providers: [EmailChannel, WebhookChannel, RobotChannel, NotificationOutboxService, NotificationDeliveryProcessor],
  exports: [NotificationOutboxService, EmailChannel, WebhookChannel],
})
export class NotificationsModule {}
