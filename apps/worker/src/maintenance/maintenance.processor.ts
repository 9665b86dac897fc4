import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QUEUES } from '@app/queue';
import { StuckSubmissionSweeper } from './stuck-submission.sweeper';

/** maintenance queue: the repeatable sweep. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly sweeper: StuckSubmissionSweeper) {
    super();
  }

  async process() {
    return this.sweeper.sweep();
  }
}
