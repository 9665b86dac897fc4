import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { QUEUES, WORKER_LOCK_OPTIONS } from '@app/queue';
import { IntentSweeper } from './intent.sweeper';

/** maintenance queue: the repeatable sweep. */
@Processor(QUEUES.maintenance, WORKER_LOCK_OPTIONS)
export class MaintenanceProcessor extends ProcessorHost {
  constructor(private readonly sweeper: IntentSweeper) {
    super();
  }

  async process() {
    return this.sweeper.sweep();
  }
}
