import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ReviewRequests } from './review-requests.service';

/** Global, so the submission intake, findings and review features share it without importing each other. */
@Global()
@Module({ imports: [AuditModule], providers: [ReviewRequests], exports: [ReviewRequests] })
export class ReviewRequestsModule {}
