import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { closeRecomputeRequest, openRecomputeRequest } from '@app/persistence';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, expectJobName, type RecomputeChecklistJob } from '@app/queue';
import { ProcessorHost } from '../queues/processor-host';
import { ChecklistRecomputeService } from './checklist-recompute.service';

/** checklist queue: the api asks for a recompute after a review decision, a template edit or a village-count change. */
@Processor(QUEUES.checklist, WORKER_LOCK_OPTIONS)
export class ChecklistProcessor extends ProcessorHost {
  private readonly logger = new Logger(ChecklistProcessor.name);

  constructor(
    private readonly recompute: ChecklistRecomputeService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    super();
  }

  async process(job: Job<RecomputeChecklistJob>) {
    expectJobName(job, JOBS.recomputeChecklist);
    const { townshipId, year } = job.data;
    const seen = await openRecomputeRequest(this.ds.manager, townshipId, year);
    try {
      return await this.recompute.recompute(townshipId, year);
    } catch (e) {
      // After the last attempt the request is dropped (unless a newer one came), or the sweeper would add the same
      // failing job for ever; the next change to the township-year asks again.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await closeRecomputeRequest(this.ds.manager, townshipId, year, seen).catch(() => undefined);
        this.logger.error(`recompute of ${townshipId}/${year} failed for good: ${(e as Error).message}`);
      }
      throw e;
    }
  }
}
