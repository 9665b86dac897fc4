import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ imports: [AuditModule], controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
