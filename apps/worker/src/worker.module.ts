import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { HeartbeatService } from './health/heartbeat.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), PersistenceModule.forRoot()],
      providers: [HeartbeatService],
    };
  }
}
