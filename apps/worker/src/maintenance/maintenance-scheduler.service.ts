import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOBS, QUEUES } from '@app/queue';
import { StuckSubmissionSweeper } from './stuck-submission.sweeper';

export const SWEEP_SCHEDULER_ID = 'sweep-stuck-submissions';

/** How often to sweep: every minute, or twice per stale period when that is shorter (never under 5 s). */
export function sweepIntervalMs(staleSeconds: number): number {
  return Math.max(5000, Math.min(60_000, (staleSeconds * 1000) / 2));
}

/** Registers the repeatable sweep (upsert: many workers, one schedule) and sweeps once at boot. */
@Injectable()
export class MaintenanceSchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedulerService.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sweeper: StuckSubmissionSweeper,
  ) {}

  async onApplicationBootstrap() {
    try {
      await this.queue.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: sweepIntervalMs(this.config.worker.sweeperStaleSeconds) }, { name: JOBS.sweepStuckSubmissions, data: {} });
      await this.sweeper.sweep();
    } catch (e) {
      this.logger.error(`boot sweep failed: ${(e as Error).message}`);
    }
  }
}
