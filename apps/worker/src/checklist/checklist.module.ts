import { Module } from '@nestjs/common';
import { ChecklistProcessor } from './checklist.processor';
import { ChecklistRecomputeService } from './checklist-recompute.service';
import { ChecklistStore } from './checklist-store';

@Module({ providers: [ChecklistStore, ChecklistRecomputeService, ChecklistProcessor], exports: [ChecklistStore, ChecklistRecomputeService] })
export class ChecklistModule {}
