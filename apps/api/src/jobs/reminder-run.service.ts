import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn } from '@app/domain';
import { QUEUES, addJob, reminderRunJob, type RunRemindersJob } from '@app/queue';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { Principal } from '../common/principal';

/** How long the request waits for the worker to finish the run before answering 202 with the job id. */
export const REMINDER_RUN_WAIT_MS = 5000;

export interface ReminderRunAnswer {
  jobId: string;
  asOf: string;
  /** 'completed' with the run's counts when the worker finished within the wait, else 'queued'. */
  state: 'completed' | 'queued';
  result?: { townships: number; deadlines: number; inserted: number; deliveries: number };
}

/**
 * An admin's "run the reminder planner now": the same job the daily schedule adds (the worker runs it under the
 * reminder lock, and every notification dedupes), added at once and audited.
 */
@Injectable()
export class ReminderRunService {
  constructor(
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue<RunRemindersJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async runNow(user: Principal): Promise<ReminderRunAnswer> {
    const asOf = todayIn(this.config.timeZone, new Date());
    const job = reminderRunJob(asOf, Date.now());
    const jobId = job.opts.jobId;
    try {
      await addJob(this.queue as Queue, job);
    } catch {
      throw new DomainError('QUEUE_UNAVAILABLE', 503, '任务队列暂不可用，请稍后再试');
    }
    await this.audit.record(this.dataSource.manager, user, { action: 'reminders.run', entityType: 'reminder_run', entityId: null, after: { jobId, asOf } });
    const until = Date.now() + REMINDER_RUN_WAIT_MS;
    while (Date.now() < until) {
      const job = await this.queue.getJob(jobId).catch(() => undefined);
      if (job?.finishedOn && job.returnvalue) {
        const { townships, deadlines, inserted, deliveries } = job.returnvalue as unknown as Required<ReminderRunAnswer>['result'];
        return { jobId, asOf, state: 'completed', result: { townships, deadlines, inserted, deliveries } };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return { jobId, asOf, state: 'queued' };
  }
}
