import { Job } from 'bullmq';
import { Evidence, Submission } from '@app/persistence';
import { JOBS, QUEUES, addJob, analysisJob, reanalyzeAllJob, type RecomputeChecklistJob } from '@app/queue';
import { ChecklistProcessor } from '../checklist/checklist.processor';
import { ChecklistRecomputeService } from '../checklist/checklist-recompute.service';
import { truncateAll } from '../../../../test/support/test-db';
import { SEED, addSubmission, flushPrefix, seedText, seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { AnalyzerVersionCheckService } from '../reanalysis/analyzer-version-check.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from '../analysis/report-analyzer.port';
import { IntentSweeper } from './intent.sweeper';
import { REMINDER_SCHEDULER_ID, SWEEP_SCHEDULER_ID, ScheduleKeeperService } from './schedule-keeper.service';

describe('recovery and bulk re-analysis (in process)', () => {
  let h: WorkerHarness;
  let world: World;

  beforeAll(async () => {
    h = await startWorker({ prefix: 'recovery', env: { SWEEPER_STALE_SECONDS: '10', SWEEPER_INTERVAL_SECONDS: '3600', REANALYSIS_RATE_PER_SECOND: '2' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });

  const version = () => h.app.get<ReportAnalyzer>(REPORT_ANALYZER).version;
  const seedFour = async () => {
    const codes: [string, string][] = [['jinma', SEED.jinma2023], ['huangbai', SEED.huangbai2023], ['aotou', SEED.aotou2023], ['wanxing', SEED.wanxing2022]];
    const out: Submission[] = [];
    for (const [code, file] of codes) {
      out.push(await addSubmission(h.ds, h.files, { townshipId: world.byCode(code).id, year: file === SEED.wanxing2022 ? 2022 : 2023, fileName: file, text: seedText(file) }));
    }
    return out;
  };
  const allAnalysed = async (ids: string[]) => {
    const rows = await h.ds.getRepository(Submission).findBy(ids.map((id) => ({ id })));
    return rows.every((r) => r.status === 'analyzed' && r.analyzerVersion === version());
  };

  it('re-enqueues submissions whose jobs were lost (Redis flushed) once they are stale', async () => {
    const subs = await seedFour();
    // The api wrote the rows and queued jobs; then Redis lost them.
    await flushPrefix(h.config.queuePrefix);
    const sweeper = h.app.get(IntentSweeper);
    expect((await sweeper.sweep()).submissions).toBe(0); // not stale yet
    h.clock.set(new Date(Date.now() + 11_000));
    expect((await sweeper.sweep()).submissions).toBe(4);
    expect((await sweeper.sweep()).submissions).toBe(0); // jobs are live now: nothing twice
    await waitFor('analysed', () => allAnalysed(subs.map((s) => s.id)), 30_000);
    // The sweep counted a new attempt on each row, and its job carries it.
    const rows = await h.ds.getRepository(Submission).findBy(subs.map((s) => ({ id: s.id })));
    expect(rows.map((r) => r.analysisAttempt)).toEqual([1, 1, 1, 1]);
    expect(await h.queue(QUEUES.analysis).getJob(analysisJob(subs[0].id, version(), 1).opts.jobId)).toBeDefined();
    h.clock.set(new Date());
  });

  const schedules = async () => [
    await h.queue(QUEUES.maintenance).getJobScheduler(SWEEP_SCHEDULER_ID),
    await h.queue(QUEUES.reminders).getJobScheduler(REMINDER_SCHEDULER_ID),
  ];

  it('registers the schedules again when Redis lost them under a live connection (local check)', async () => {
    const keeper = h.app.get(ScheduleKeeperService);
    await keeper.registerSchedules();
    await flushPrefix(h.config.queuePrefix);
    expect((await schedules()).some(Boolean)).toBe(false);
    expect(await keeper.check()).toBe(true);
    const [sweep, reminders] = await schedules();
    expect(sweep).toMatchObject({ every: 3_600_000 });
    expect(reminders).toMatchObject({ pattern: '0 8 * * *', tz: 'Asia/Shanghai' });
    expect(await keeper.check()).toBe(false);
  });

  it('registers the schedules again and sweeps when the Redis connection comes back', async () => {
    const subs = await seedFour();
    await h.ds.query(`UPDATE submissions SET updated_at = now() - interval '1 minute'`);
    await flushPrefix(h.config.queuePrefix);
    // A Redis restart as the worker sees it: the connection drops and becomes ready again.
    (await h.queue(QUEUES.maintenance).client).disconnect(true);
    await waitFor('schedules back', async () => (await schedules()).every(Boolean), 5000);
    await waitFor('lost submissions analysed', () => allAnalysed(subs.map((s) => s.id)), 30_000);
    // Their checklist recomputes too, before the next test empties the tables.
    await waitFor('queues idle', async () => (await h.queue(QUEUES.analysis).getActiveCount()) + (await h.queue(QUEUES.checklist).getActiveCount()) === 0);
  });

  it('drops a recompute request whose job failed for good (else the sweeper would add it for ever), not before', async () => {
    const jinma = world.byCode('jinma');
    const requests = async () => (await h.ds.query(`SELECT count(*)::int AS n FROM checklist_recompute_requests`))[0].n as number;
    await h.ds.query(`INSERT INTO checklist_recompute_requests (township_id, year) VALUES ($1, 2023)`, [jinma.id]);
    const failing = { recompute: async () => Promise.reject(new Error('database away')) } as unknown as ChecklistRecomputeService;
    const processor = new ChecklistProcessor(failing, h.ds);
    const job = (attemptsMade: number) => ({ name: JOBS.recomputeChecklist, queueName: QUEUES.checklist, data: { townshipId: jinma.id, year: 2023 }, attemptsMade, opts: { attempts: 2 } }) as Job<RecomputeChecklistJob>;
    await expect(processor.process(job(0))).rejects.toThrow('database away');
    expect(await requests()).toBe(1); // a retry follows
    await expect(processor.process(job(1))).rejects.toThrow('database away');
    expect(await requests()).toBe(0);
  });

  it('never runs two sweeps at once: a PostgreSQL advisory lock across worker processes', async () => {
    const sweeper = h.app.get(IntentSweeper);
    // Another worker process holds the sweep lock.
    const other = h.ds.createQueryRunner();
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtextextended('task:sweep', 0))`);
    try {
      expect(await sweeper.sweep()).toMatchObject({ swept: false });
    } finally {
      await other.query(`SELECT pg_advisory_unlock(hashtextextended('task:sweep', 0))`);
      await other.release();
    }
    expect(await sweeper.sweep()).toMatchObject({ swept: true });
  });

  it('re-analyses everything analysed by another analyzer version: one job per worker boot, throttled, with progress', async () => {
    const subs = await seedFour();
    await h.ds.query(`UPDATE submissions SET status = 'analyzed', analyzer_version = '0.9.0+lexicon.1', analyzed_at = now()`);
    const check = h.app.get(AnalyzerVersionCheckService);
    // Two workers booting: the same deterministic job id, added once.
    await Promise.all([check.check(), check.check()]);
    const id = reanalyzeAllJob('analyzer_version', version()).opts.jobId;
    const counts = await h.queue(QUEUES.reanalysis).getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    await waitFor('re-analysed', () => allAnalysed(subs.map((s) => s.id)), 30_000);
    const job = (await Job.fromId(h.queue(QUEUES.reanalysis), id))!;
    await waitFor('reanalysis done', async () => (await job.getState()) === 'completed');
    const done = (await Job.fromId(h.queue(QUEUES.reanalysis), id))!;
    expect(done.progress).toEqual({ done: 4, total: 4 });
    // 4 jobs at 2 per second: at least one pause of about a second.
    expect(done.finishedOn! - done.processedOn!).toBeGreaterThanOrEqual(900);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM (SELECT checklist_item_id, submission_id, start_offset, end_offset FROM evidence WHERE source = 'auto' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d`);
    expect(n).toBe(0);
  });

  it('a manual re-analysis counts a new attempt on each row it re-queues (its job id) and leaves rows already waiting to their job', async () => {
    const subs = await seedFour();
    const ids = subs.map((s) => s.id);
    await addJob(h.queue(QUEUES.analysis), analysisJob(subs[0].id, version(), 0));
    await waitFor('first analysed', () => allAnalysed([subs[0].id]), 30_000);
    // The other three wait for their analysis (status queued): a forced run leaves them to it.
    await addJob(h.queue(QUEUES.reanalysis), reanalyzeAllJob('manual', 'test'));
    const attempts = async () => (await h.ds.getRepository(Submission).findBy(ids.map((id) => ({ id })))).map((r) => [r.id, r.analysisAttempt]).sort();
    await waitFor('re-queued', async () => JSON.stringify(await attempts()) === JSON.stringify(ids.map((id) => [id, id === subs[0].id ? 1 : 0]).sort()), 30_000);
    const forced = (await Job.fromId(h.queue(QUEUES.analysis), analysisJob(subs[0].id, version(), 1).opts.jobId))!;
    await waitFor('forced analysis done', async () => (await forced.getState()) === 'completed', 30_000);
    expect((await Job.fromId(h.queue(QUEUES.analysis), forced.id!))!.returnvalue).toEqual({ result: 'analyzed' });
    // The three others get their first jobs from the sweeper (no api added them here): attempt 1 each, nothing more.
    h.clock.set(new Date(Date.now() + 11_000));
    expect((await h.app.get(IntentSweeper).sweep()).submissions).toBe(3);
    h.clock.set(new Date());
    await waitFor('all analysed', () => allAnalysed(ids), 30_000);
    expect((await attempts()).map(([, n]) => n)).toEqual([1, 1, 1, 1]);
  });

  it('after a template change recomputes every checklist in scope instead of re-reading files', async () => {
    const [jinma] = await seedFour();
    await addJob(h.queue(QUEUES.analysis), analysisJob(jinma.id, version(), 0));
    await waitFor('analysed', () => allAnalysed([jinma.id]), 30_000);
    const before = await h.ds.getRepository(Evidence).countBy({ submissionId: jinma.id });
    await h.ds.query(`UPDATE checklists SET recomputed_at = NULL`);
    await addJob(h.queue(QUEUES.reanalysis), reanalyzeAllJob('template', 'test', { year: 2023 }));
    await waitFor('recomputed', async () => {
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM checklists WHERE year = 2023 AND recomputed_at IS NULL`);
      return n === 0;
    });
    expect(await h.ds.getRepository(Evidence).countBy({ submissionId: jinma.id })).toBe(before);
  });
});
