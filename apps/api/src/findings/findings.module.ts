import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';

@Module({ imports: [AuditModule], controllers: [FindingsController], providers: [FindingsService] })
export class FindingsModule {}
