import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TownshipsController } from './townships.controller';
import { TownshipsService } from './townships.service';

@Module({ imports: [AuditModule], controllers: [TownshipsController], providers: [TownshipsService] })
export class TownshipsModule {}
