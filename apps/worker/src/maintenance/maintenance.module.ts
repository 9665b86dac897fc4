import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';
import { ScheduleKeeperService } from './schedule-keeper.service';
import { IntentSweeper } from './intent.sweeper';

@Module({ providers: [IntentSweeper, MaintenanceProcessor, ScheduleKeeperService], exports: [IntentSweeper] })
export class MaintenanceModule {}
