import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CountyTemplatesController, TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({ imports: [AuditModule], controllers: [TemplatesController, CountyTemplatesController], providers: [TemplatesService] })
export class TemplatesModule {}
