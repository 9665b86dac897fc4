import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { ProcessorHost } from '../queues/processor-host';
import { Job, Queue, WaitingChildrenError } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn } from '@app/domain';
import { JOBS, QUEUES, WORKER_LOCK_OPTIONS, addJobs, countyRemindersJob, expectJobName, type CountyRemindersJob, type RunRemindersJob } from '@app/queue';
import { CLOCK, type Clock } from '../clock/clock';
import { ReminderPlannerService, type ReminderRunResult } from './reminder-planner.service';

/** The moment a run "as of" a given date stands for: noon UTC, the same calendar day in every time zone ±11 h. */
export function instantOf(asOf: string): Date {
  return new Date(`${asOf}T12:00:00Z`);
}

interface RunState extends RunRemindersJob {
  /** Set once the county jobs are added: the job then only waits for them and adds up their results. */
  fannedOut?: { asOf: string; counties: number };
}

/**
 * reminders queue. A run (the daily job scheduler, or a run as of a given date) fans out into one child job per
 * county and waits for them (BullMQ parent/child: the parent holds no worker slot while it waits), so N worker
 * processes on N machines share the counties through the one Redis; its result adds up theirs. Child job ids are
 * derived from the run's id, so a retried run adds no second set; a county job retried, or run twice by two runs,
 * records nothing twice (the outbox's unique dedupe keys). A county that fails all its attempts stays in the failed
 * set (and is left out of the total) instead of holding the run forever.
 */
@Processor(QUEUES.reminders, WORKER_LOCK_OPTIONS)
export class ReminderRunProcessor extends ProcessorHost implements OnApplicationBootstrap {
  constructor(
    private readonly planner: ReminderPlannerService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
  ) {
    super();
  }

  /**
   * Several counties at once per process (WORKER_CONCURRENCY, as for analysis): a county's job is a dozen short
   * queries, mostly waiting on the database, so one at a time leaves the cores idle. A run's parent job holds no
   * slot while it waits for its counties.
   */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job, token?: string): Promise<ReminderRunResult> {
    expectJobName(job, JOBS.runReminders, JOBS.runCountyReminders);
    if (job.name === JOBS.runCountyReminders) {
      const d = job.data as CountyRemindersJob;
      return this.planner.runCounty(d.countyId, d.asOf, new Date(d.now));
    }
    const data = job.data as RunState;
    if (!data.fannedOut) {
      const now = data.asOf ? instantOf(data.asOf) : this.clock.now();
      const asOf = data.asOf ?? todayIn(this.config.timeZone, now);
      const counties = await this.planner.counties();
      const run = { id: job.id!, queueQualifiedName: job.queueQualifiedName };
      await addJobs(this.queue, counties.map((countyId) => countyRemindersJob(run, { countyId, asOf, now: now.toISOString() })));
      await job.updateData({ ...data, fannedOut: { asOf, counties: counties.length } } satisfies RunState);
      data.fannedOut = { asOf, counties: counties.length };
    }
    if (token && (await job.moveToWaitingChildren(token))) throw new WaitingChildrenError();
    const total: ReminderRunResult = { asOf: data.fannedOut.asOf, townships: 0, deadlines: 0, inserted: 0, deliveries: 0 };
    for (const r of Object.values(await job.getChildrenValues<ReminderRunResult>())) {
      if (!r) continue;
      total.townships += r.townships;
      total.deadlines += r.deadlines;
      total.inserted += r.inserted;
      total.deliveries += r.deliveries;
    }
    return total;
  }
}
