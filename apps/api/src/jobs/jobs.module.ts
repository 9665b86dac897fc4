import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { RedisOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig, requireConnections } from '@app/config';
import { DEFAULT_JOB_OPTIONS, QUEUES, bullConnection } from '@app/queue';
import { AuditModule } from '../audit/audit.module';
import { AdminRemindersController } from './admin-reminders.controller';
import { JobProducer } from './job-producer.service';
import { ReminderRunService } from './reminder-run.service';

/** Every queue is registered (the dashboard shows them all); the api adds to analysis, checklist and notifications (review requests). */
export const API_QUEUES = Object.values(QUEUES);

@Global()
@Module({
  imports: [
    AuditModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A producer should fail fast when Redis is away rather than hold a request open: no offline queue, one
        // retry. The rows the api writes are the intent; the worker's sweeper adds what could not be added here.
        connection: { ...(bullConnection(requireConnections(config).redisUrl) as RedisOptions), maxRetriesPerRequest: 1, enableOfflineQueue: false },
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...API_QUEUES.map((name) => ({ name, defaultJobOptions: DEFAULT_JOB_OPTIONS[name] }))),
  ],
  controllers: [AdminRemindersController],
  providers: [JobProducer, ReminderRunService],
  exports: [JobProducer, BullModule],
})
export class JobsModule {}
