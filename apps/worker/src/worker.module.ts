import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { loggingModule } from '@app/config/logging';
import { PersistenceModule } from '@app/persistence';
import { AnalysisModule } from './analysis/analysis.module';
import { ReportAnalyzerModule } from './analysis/report-analyzer.module';
import { ChecklistModule } from './checklist/checklist.module';
import { ClockModule } from './clock/clock.module';
import { HeartbeatService } from './health/heartbeat.service';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { ReanalysisModule } from './reanalysis/reanalysis.module';
import { RemindersModule } from './reminders/reminders.module';

/** The worker: BullMQ processors for every queue of the contract, plus boot-time checks and schedules. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        loggingModule(config, 'worker'),
        PersistenceModule.forRoot(),
        ClockModule,
        QueuesModule,
        ReportAnalyzerModule,
        ChecklistModule,
        AnalysisModule,
        ReanalysisModule,
        NotificationsModule,
        RemindersModule,
        MaintenanceModule,
      ],
      providers: [HeartbeatService],
    };
  }
}
