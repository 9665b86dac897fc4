import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, type AppConfig, requireConnections } from '@app/config';
import { DEFAULT_JOB_OPTIONS, QUEUES, bullConnection } from '@app/queue';

const queues = Object.values(QUEUES).map((name) => ({ name, defaultJobOptions: DEFAULT_JOB_OPTIONS[name] }));

/** One BullMQ connection and prefix for every queue of the contract; global so any feature can add jobs. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: bullConnection(requireConnections(config).redisUrl), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue(...queues),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
