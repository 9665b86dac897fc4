import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditModule } from '../audit/audit.module';
import { ChecklistFactory } from '../checklists/checklist-factory.service';
import { SubmissionIntake } from './submission-intake.service';
import { SubmissionsController } from './submissions.controller';
import { SubmissionsService } from './submissions.service';
import { uploadOptions } from './upload-options';

@Module({
  imports: [AuditModule, MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: uploadOptions })],
  controllers: [SubmissionsController],
  providers: [SubmissionIntake, SubmissionsService, ChecklistFactory],
  exports: [SubmissionIntake, SubmissionsService, MulterModule],
})
export class SubmissionsModule {}
