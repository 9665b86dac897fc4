import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { FileStore, Township } from '@app/persistence';
import { QUEUES, addJobs, analysisJob, bullConnection } from '@app/queue';
import { openTestDataSource, truncateAll } from '../../../test/support/test-db';
import { SEED, addSubmission, flushPrefix, seedText, seedWorld, testEnv, waitFor } from '../../../test/worker/worker-harness';
import { buildWorker, builtAnalyzerVersion, spawnWorker, type WorkerProcess } from '../../../test/worker/worker-process';

const PREFIX = 'procs';
const FILES = [SEED.jinma2023, SEED.huangbai2023, SEED.chadian2025, SEED.aotou2023, SEED.wanxing2022];
const TOWNSHIPS = 4;
const YEARS = [2022, 2023, 2024];

/**
 * Real worker processes (the compiled dist/ entry point) against this run's PostgreSQL and Redis: killed mid-batch
 * with SIGKILL and Redis flushed, or two at once. Either way the end state equals a clean single run.
 */
describe('worker processes', () => {
  let ds: DataSource;
  let files: FileStore;
  let queue: Queue;
  const procs: WorkerProcess[] = [];
  // The version the compiled worker runs (the lexicon may be edited while tests run; dist/ is what counts).
  let ANALYZER_VERSION: string;
  const config = () => loadConfig(testEnv(PREFIX));

  beforeAll(async () => {
    buildWorker();
    ANALYZER_VERSION = builtAnalyzerVersion();
    ds = await openTestDataSource();
    files = new FileStore(config().fileStorageDir);
    queue = new Queue(QUEUES.analysis, { connection: bullConnection(config().redisUrl!), prefix: config().queuePrefix });
  }, 300_000);
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
    await flushPrefix(config().queuePrefix);
  });
  afterAll(async () => {
    await queue.close();
    await ds.destroy();
  });

  /** A batch like the api makes: rows in status queued, one job each. */
  const seedBatch = async (): Promise<string[]> => {
    await truncateAll(ds);
    const world = await seedWorld(ds);
    const extra = await ds.getRepository(Township).save(
      Array.from({ length: TOWNSHIPS }, (_, i) => ds.getRepository(Township).create({ countyId: world.county.id, code: `t${i}`, name: `测试${i}镇`, level: 'town', villageCount: 7 + i })),
    );
    const ids: string[] = [];
    for (const [i, t] of extra.entries()) {
      for (const [j, year] of YEARS.entries()) {
        const file = FILES[(i + j) % FILES.length];
        // Seed texts filed under other years on purpose (as the bench does): the year is confirmed at upload.
        const s = await addSubmission(ds, files, { townshipId: t.id, year, fileName: file, text: seedText(file), submittedAt: new Date(`${year + 1}-02-01T00:00:00Z`), yearConfirmed: true });
        ids.push(s.id);
      }
    }
    await addJobs(queue, ids.map((id) => analysisJob(id, ANALYZER_VERSION, 0)));
    return ids;
  };

  const count = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0].n as number;
  const analysed = () => count(`SELECT count(*)::int AS n FROM submissions WHERE status = 'analyzed' AND analyzer_version = $1`, [ANALYZER_VERSION]);

  /** Everything derived, keyed by township code and year (never by row ids). */
  const endState = async () => ({
    evidence: await ds.query(`SELECT t.code, s.year, ci.obligation_id, e.start_offset, e.end_offset, e.review_state FROM evidence e JOIN submissions s ON s.id = e.submission_id JOIN townships t ON t.id = s.township_id JOIN checklist_items ci ON ci.id = e.checklist_item_id ORDER BY 1, 2, 3, 4, 5`),
    metrics: await ds.query(`SELECT t.code, m.year, m.obligation_id, m.key, m.value, m.start_offset FROM metric_values m JOIN townships t ON t.id = m.township_id ORDER BY 1, 2, 3, 4, 6`),
    plans: await ds.query(`SELECT t.code, p.year, p.position, p.text, p.status FROM plan_items p JOIN townships t ON t.id = p.township_id ORDER BY 1, 2, 3`),
    problems: await ds.query(`SELECT t.code, p.year, p.position, p.status FROM problems p JOIN townships t ON t.id = p.township_id ORDER BY 1, 2, 3`),
    items: await ds.query(`SELECT t.code, c.year, c.score, ci.obligation_id, ci.status, ci.measured_value FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id JOIN townships t ON t.id = c.township_id ORDER BY 1, 2, 4`),
    // Open findings: resolved rows are history, and which transient conditions were seen depends on timing.
    findings: await ds.query(`SELECT t.code, f.year, f.kind, f.subject_key, f.message FROM findings f JOIN townships t ON t.id = f.township_id WHERE f.status = 'open' ORDER BY 1, 2, 3, 4`),
  });

  let reference: Awaited<ReturnType<typeof endState>> | null = null;
  /** One worker, one clean pass: the state every other scenario must reach. */
  const referenceState = async () => {
    if (reference) return reference;
    const ids = await seedBatch();
    const w = spawnWorker(PREFIX, { WORKER_CONCURRENCY: '2' });
    procs.push(w);
    await waitFor('reference batch', async () => (await analysed()) === ids.length, 120_000, 250).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${JSON.stringify(await ds.query(`SELECT status, error_code, error_message, count(*) FROM submissions GROUP BY 1, 2, 3`))}\n${w.output().slice(-3000)}`);
    });
    reference = await endState();
    await w.kill();
    return reference;
  };

  it('survives SIGKILL mid-batch and a Redis flush: every submission analysed once in effect, nothing duplicated', async () => {
    const expected = await referenceState();
    await flushPrefix(config().queuePrefix);
    const ids = await seedBatch();
    const first = spawnWorker(PREFIX, { WORKER_CONCURRENCY: '2', SWEEPER_STALE_SECONDS: '10' });
    procs.push(first);
    await waitFor('a few analysed', async () => (await analysed()) >= 5, 60_000, 50);
    await first.kill('SIGKILL');
    // The kill lands at an arbitrary moment after the fifth write, so what is left cannot be exact: at most the other
    // seven, and at least one (the last seven analyses take seconds at concurrency 2, the kill milliseconds).
    const unfinished = await count(`SELECT count(*)::int AS n FROM submissions WHERE status <> 'analyzed'`);
    expect(unfinished).toBeGreaterThanOrEqual(1);
    expect(unfinished).toBeLessThanOrEqual(ids.length - 5);
    // Every unfinished submission's job (waiting, or active with its lock now orphaned) is among the keys flushed.
    expect(await flushPrefix(config().queuePrefix)).toBeGreaterThanOrEqual(unfinished);

    const second = spawnWorker(PREFIX, { WORKER_CONCURRENCY: '2', SWEEPER_STALE_SECONDS: '10' });
    procs.push(second);
    await waitFor('all analysed after restart', async () => (await analysed()) === ids.length, 120_000, 250);
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT 1 FROM evidence WHERE source = 'auto' GROUP BY checklist_item_id, submission_id, start_offset, end_offset HAVING count(*) > 1) d`)).toBe(0);
    expect(await endState()).toEqual(expected);
  }, 240_000);

  it('two worker processes on one batch reach the same end state as one', async () => {
    const expected = await referenceState();
    await flushPrefix(config().queuePrefix);
    const ids = await seedBatch();
    procs.push(spawnWorker(PREFIX, { WORKER_CONCURRENCY: '2' }), spawnWorker(PREFIX, { WORKER_CONCURRENCY: '2' }));
    await waitFor('all analysed by two workers', async () => (await analysed()) === ids.length, 120_000, 250);
    expect(await endState()).toEqual(expected);
  }, 240_000);
});
