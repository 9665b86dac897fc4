import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { TASK_LOCKS, withTaskLock } from '@app/persistence';
import { QUEUES, addJob, analysisJob, deliverNotificationJob, ocrJob, recomputeJob, type QueuedJob } from '@app/queue';
import { REPORT_ANALYZER, type ReportAnalyzer } from '../analysis/report-analyzer.port';
import { CLOCK, type Clock } from '../clock/clock';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export interface SweepResult {
  /** False when another worker process was sweeping at the same moment (nothing done here). */
  swept: boolean;
  submissions: number;
  recomputes: number;
  notifications: number;
}

/**
 * PostgreSQL says what should happen, Redis only what is scheduled. Every intent is a row: a submission in
 * received/queued/analyzing (analysis, or OCR when its `needs_ocr` is set), a checklist_recompute_requests row (recompute), an outward notification in
 * pending (delivery). Any such row with no live job once it is older than SWEEPER_STALE_SECONDS (Redis flushed or
 * restarted empty, api crashed or Redis down between commit and add, worker killed with its job gone) gets a job
 * again. One sweep at a time across all worker processes (a PostgreSQL advisory lock); the jobs it adds are
 * idempotent, so a sweep racing a job that has just finished is harmless.
 */
@Injectable()
export class IntentSweeper {
  private readonly logger = new Logger(IntentSweeper.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.analysis) private readonly analysisQueue: Queue,
    @InjectQueue(QUEUES.ocr) private readonly ocrQueue: Queue,
    @InjectQueue(QUEUES.checklist) private readonly checklistQueue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notificationsQueue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async sweep(): Promise<SweepResult> {
    const outcome = await withTaskLock(this.ds, TASK_LOCKS.sweep, () => this.sweepLocked(), { wait: false });
    return outcome.ran ? outcome.value : { swept: false, submissions: 0, recomputes: 0, notifications: 0 };
  }

  private async sweepLocked(): Promise<SweepResult> {
    const staleBefore = new Date(this.clock.now().getTime() - this.config.worker.sweeperStaleSeconds * 1000);
    const version = this.analyzer.version;
    const stuck: { id: string; analysis_attempt: number; needs_ocr: boolean }[] = await this.ds.query(
      `SELECT id, analysis_attempt, needs_ocr FROM submissions
        WHERE status IN ('received', 'queued', 'analyzing') AND updated_at < $1
        ORDER BY updated_at LIMIT 5000`,
      [staleBefore],
    );
    let submissions = 0;
    for (const s of stuck) {
      // The row's attempt names its job: the analysis the api or a re-queue added, or the OCR that analysis handed
      // over (same attempt). A retry of either runs under the same id.
      if (await this.anyLive(this.analysisQueue, [analysisJob(s.id, version, s.analysis_attempt).opts.jobId])) continue;
      if (await this.anyLive(this.ocrQueue, [ocrJob(s.id, version, s.analysis_attempt).opts.jobId])) continue;
      const attempt = await this.countAttempt(s.id, s.analysis_attempt);
      if (attempt === null) continue; // re-queued by someone else meanwhile
      // A scan goes straight to the ocr queue.
      await this.addFresh(this.queueOf(s.needs_ocr), s.needs_ocr ? ocrJob(s.id, version, attempt) : analysisJob(s.id, version, attempt));
      submissions++;
    }

    const requests: { township_id: string; year: number }[] = await this.ds.query(
      `SELECT township_id, year FROM checklist_recompute_requests WHERE requested_at < $1 ORDER BY requested_at LIMIT 5000`,
      [staleBefore],
    );
    let recomputes = 0;
    for (const r of requests) {
      const job = recomputeJob(r.township_id, r.year);
      // A running job may have read the state before the request; it leaves the row, and a later sweep adds again.
      if (await this.anyLive(this.checklistQueue, [job.opts.jobId])) continue;
      await this.addFresh(this.checklistQueue, job);
      recomputes++;
    }

    const pending: { id: string }[] = await this.ds.query(
      `SELECT id FROM notifications WHERE status = 'pending' AND channel <> 'in_app' AND created_at < $1 ORDER BY created_at LIMIT 5000`,
      [staleBefore],
    );
    let notifications = 0;
    for (const n of pending) {
      const job = deliverNotificationJob(n.id);
      if (await this.anyLive(this.notificationsQueue, [job.opts.jobId])) continue;
      await this.addFresh(this.notificationsQueue, job);
      notifications++;
    }
    if (submissions || recomputes || notifications) {
      this.logger.log(`re-enqueued ${submissions} submissions, ${recomputes} checklist recomputes and ${notifications} notifications`);
    }
    return { swept: true, submissions, recomputes, notifications };
  }

  private async anyLive(queue: Queue, ids: string[]): Promise<boolean> {
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && LIVE_STATES.has(await job.getState())) return true;
    }
    return false;
  }

  private queueOf(needsOcr: boolean): Queue {
    return needsOcr ? this.ocrQueue : this.analysisQueue;
  }

  /**
   * A new attempt for a submission whose job is gone, counted in the statement that re-queues it (unless another
   * process did meanwhile): its job gets an id of its own, which the api's retry would compute too.
   */
  private async countAttempt(submissionId: string, seen: number): Promise<number | null> {
    const [rows] = await this.ds.query(
      `UPDATE submissions SET analysis_attempt = analysis_attempt + 1, updated_at = now()
        WHERE id = $1 AND analysis_attempt = $2 AND status IN ('received', 'queued', 'analyzing')
        RETURNING analysis_attempt`,
      [submissionId, seen],
    );
    return (rows as { analysis_attempt: number }[])[0]?.analysis_attempt ?? null;
  }

  /** A finished job under the same id would make add() a no-op, so it is removed first. */
  private async addFresh(queue: Queue, job: QueuedJob): Promise<void> {
    const old = await queue.getJob(job.opts.jobId);
    if (old) await old.remove().catch(() => undefined);
    await addJob(queue, job);
  }
}
