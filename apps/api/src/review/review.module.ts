import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { ReviewController, TownshipNoteController } from './review.controller';
import { ReviewService } from './review.service';

@Module({ imports: [AuditModule, SubmissionsModule], controllers: [ReviewController, TownshipNoteController], providers: [ReviewService] })
export class ReviewModule {}
