import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';
import { ScheduleKeeperService } from './schedule-keeper.service';
import { StuckSubmissionSweeper } from './stuck-submission.sweeper';

@Module({ providers: [StuckSubmissionSweeper, MaintenanceProcessor, ScheduleKeeperService], exports: [StuckSubmissionSweeper] })
export class MaintenanceModule {}
