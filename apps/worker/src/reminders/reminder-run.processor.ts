import { Inject } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn } from '@app/domain';
import { QUEUES, type RunRemindersJob } from '@app/queue';
import { CLOCK, type Clock } from '../clock/clock';
import { ReminderPlannerService } from './reminder-planner.service';

/** The moment a run "as of" a given date stands for: noon UTC, the same calendar day in every time zone ±11 h. */
export function instantOf(asOf: string): Date {
  return new Date(`${asOf}T12:00:00Z`);
}

/** reminders queue: the daily run (from the job scheduler), or a run as of a given date. */
@Processor(QUEUES.reminders)
export class ReminderRunProcessor extends WorkerHost {
  constructor(
    private readonly planner: ReminderPlannerService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<RunRemindersJob>) {
    const now = job.data.asOf ? instantOf(job.data.asOf) : this.clock.now();
    return this.planner.run(job.data.asOf ?? todayIn(this.config.timeZone, now), now);
  }
}
