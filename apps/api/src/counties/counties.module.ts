import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CountiesController } from './counties.controller';
import { CountiesService } from './counties.service';
import { CountyChannelsService } from './county-channels.service';

@Module({ imports: [AuditModule], controllers: [CountiesController], providers: [CountiesService, CountyChannelsService] })
export class CountiesModule {}
