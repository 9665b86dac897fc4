import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { QUEUES, SCHEDULED_JOBS } from '@app/queue';
import { IntentSweeper } from './intent.sweeper';

export const SWEEP_SCHEDULER_ID = 'sweep-stuck-submissions';
export const REMINDER_SCHEDULER_ID = 'daily-reminders';

/**
 * Keeps the two repeatable jobs (the sweep every SWEEPER_INTERVAL_SECONDS, the reminder run on REMINDER_CRON in
 * TIME_ZONE) registered in Redis, which may lose them at any time. They are upserted (many workers, one schedule)
 * and followed by a sweep: at boot, whenever the worker's Redis connection becomes ready again (Redis restarted,
 * possibly empty), and whenever a local check — a timer of this process, not a Redis job — finds them gone (Redis
 * flushed under a live connection).
 */
@Injectable()
export class ScheduleKeeperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleKeeperService.name);
  private timer?: NodeJS.Timeout;
  private detach?: () => void;
  private busy = false;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.reminders) private readonly reminders: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sweeper: IntentSweeper,
  ) {}

  get intervalMs(): number {
    return this.config.worker.sweeperIntervalSeconds * 1000;
  }

  async onApplicationBootstrap() {
    await this.restore('boot');
    // The client is connected by now: every later 'ready' is a reconnect.
    const client = await this.maintenance.client;
    const onReady = () => void this.restore('Redis connection ready again');
    client.on('ready', onReady);
    this.detach = () => void client.off('ready', onReady);
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.detach?.();
  }

  /** Upserts both schedules; idempotent. */
  async registerSchedules(): Promise<void> {
    await this.maintenance.upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: this.intervalMs }, SCHEDULED_JOBS.sweep);
    await this.reminders.upsertJobScheduler(REMINDER_SCHEDULER_ID, { pattern: this.config.reminders.cron, tz: this.config.timeZone }, SCHEDULED_JOBS.dailyReminders);
  }

  /** The local check: re-registers and sweeps at once when Redis has lost either schedule. */
  async check(): Promise<boolean> {
    if (this.busy) return false;
    try {
      const [sweep, reminders] = await Promise.all([this.maintenance.getJobScheduler(SWEEP_SCHEDULER_ID), this.reminders.getJobScheduler(REMINDER_SCHEDULER_ID)]);
      if (sweep && reminders) return false;
    } catch {
      return false; // Redis unreachable: the 'ready' event restores when it comes back.
    }
    await this.restore('schedules missing in Redis');
    return true;
  }

  private async restore(why: string): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.registerSchedules();
      if (why !== 'boot') this.logger.log(`${why}: schedules registered again, sweeping`);
      await this.sweeper.sweep();
    } catch (e) {
      this.logger.warn(`${why}: could not register schedules or sweep yet (${(e as Error).message})`);
    } finally {
      this.busy = false;
    }
  }
}
