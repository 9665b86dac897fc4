import { Module } from '@nestjs/common';
import { ChecklistFactory } from './checklist-factory.service';
import { ChecklistsController } from './checklists.controller';
import { ChecklistsService } from './checklists.service';

@Module({ controllers: [ChecklistsController], providers: [ChecklistsService, ChecklistFactory], exports: [ChecklistsService] })
export class ChecklistsModule {}
