import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';
import { MaintenanceSchedulerService } from './maintenance-scheduler.service';
import { StuckSubmissionSweeper } from './stuck-submission.sweeper';

@Module({ providers: [StuckSubmissionSweeper, MaintenanceProcessor, MaintenanceSchedulerService], exports: [StuckSubmissionSweeper] })
export class MaintenanceModule {}
