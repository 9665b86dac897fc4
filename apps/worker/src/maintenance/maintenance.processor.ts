import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import type { Job } from 'bullmq';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, expectJobName } from '@app/queue';
import { IntentSweeper } from './intent.sweeper';

/** maintenance queue: the repeatable sweep. */
@Processor(QUEUES.maintenance, WORKER_LOCK_OPTIONS)
export class MaintenanceProcessor extends ProcessorHost {
  constructor(private readonly sweeper: IntentSweeper) {
    super();
  }

  async process(job: Job) {
    expectJobName(job, JOBS.sweepStuckSubmissions);
    return this.sweeper.sweep();
  }
}
