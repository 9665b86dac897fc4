import { Inject } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn } from '@app/domain';
import { QUEUES, WORKER_LOCK_OPTIONS, type RunRemindersJob } from '@app/queue';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TASK_LOCKS, withTaskLock } from '@app/persistence';
import { CLOCK, type Clock } from '../clock/clock';
import { ReminderPlannerService } from './reminder-planner.service';

/** The moment a run "as of" a given date stands for: noon UTC, the same calendar day in every time zone ±11 h. */
export function instantOf(asOf: string): Date {
  return new Date(`${asOf}T12:00:00Z`);
}

/** reminders queue: the daily run (from the job scheduler), or a run as of a given date. */
@Processor(QUEUES.reminders, WORKER_LOCK_OPTIONS)
export class ReminderRunProcessor extends ProcessorHost {
  constructor(
    private readonly planner: ReminderPlannerService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {
    super();
  }

  async process(job: Job<RunRemindersJob>) {
    const now = job.data.asOf ? instantOf(job.data.asOf) : this.clock.now();
    // One run at a time across worker processes; a second one waits its turn (its notifications dedupe anyway).
    const outcome = await withTaskLock(this.ds, TASK_LOCKS.reminders, () => this.planner.run(job.data.asOf ?? todayIn(this.config.timeZone, now), now), { wait: true });
    return outcome.ran ? outcome.value : undefined;
  }
}
