import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUES, type RecomputeChecklistJob } from '@app/queue';
import { ChecklistRecomputeService } from './checklist-recompute.service';

/** checklist queue: the api asks for a recompute after a review decision, a template edit or a village-count change. */
@Processor(QUEUES.checklist)
export class ChecklistProcessor extends WorkerHost {
  constructor(private readonly recompute: ChecklistRecomputeService) {
    super();
  }

  async process(job: Job<RecomputeChecklistJob>) {
    return this.recompute.recomputeLocked(job.data.townshipId, job.data.year);
  }
}
