import { Module } from '@nestjs/common';
import { ChecklistProcessor } from './checklist.processor';
import { ChecklistRecomputeService } from './checklist-recompute.service';

@Module({ providers: [ChecklistRecomputeService, ChecklistProcessor], exports: [ChecklistRecomputeService] })
export class ChecklistModule {}
