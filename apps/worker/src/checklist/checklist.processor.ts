import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { Job } from 'bullmq';
import { QUEUES, WORKER_LOCK_OPTIONS, type RecomputeChecklistJob } from '@app/queue';
import { ChecklistRecomputeService } from './checklist-recompute.service';

/** checklist queue: the api asks for a recompute after a review decision, a template edit or a village-count change. */
@Processor(QUEUES.checklist, WORKER_LOCK_OPTIONS)
export class ChecklistProcessor extends ProcessorHost {
  constructor(private readonly recompute: ChecklistRecomputeService) {
    super();
  }

  async process(job: Job<RecomputeChecklistJob>) {
    return this.recompute.recomputeLocked(job.data.townshipId, job.data.year);
  }
}
