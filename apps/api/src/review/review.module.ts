import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

@Module({ imports: [AuditModule, SubmissionsModule], controllers: [ReviewController], providers: [ReviewService] })
export class ReviewModule {}
