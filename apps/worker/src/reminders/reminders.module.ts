import { Module } from '@nestjs/common';
import { ChecklistModule } from '../checklist/checklist.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReminderPlannerService } from './reminder-planner.service';
import { ReminderRunProcessor } from './reminder-run.processor';

@Module({
  imports: [ChecklistModule, NotificationsModule],
  providers: [ReminderPlannerService, ReminderRunProcessor],
  exports: [ReminderPlannerService],
})
export class RemindersModule {}
