import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOBS, QUEUES } from '@app/queue';

export const REMINDER_SCHEDULER_ID = 'daily-reminders';

/** The daily reminder run on REMINDER_CRON in TIME_ZONE; upsert, so any number of workers keep one schedule. */
@Injectable()
export class ReminderSchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderSchedulerService.name);

  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.queue
      .upsertJobScheduler(REMINDER_SCHEDULER_ID, { pattern: this.config.reminders.cron, tz: this.config.timeZone }, { name: JOBS.runReminders, data: {} })
      .catch((e) => this.logger.error(`cannot schedule reminders: ${(e as Error).message}`));
  }
}
