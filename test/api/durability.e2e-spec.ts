import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { seedReportPath } from '@app/persistence';
import { readFileSync } from 'node:fs';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '@app/queue';
import { ChecklistRecomputeService } from '../../apps/worker/src/checklist/checklist-recompute.service';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { flushPrefix, waitFor } from '../worker/worker-harness';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(180_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const STALE_SECONDS = 2;
const INTERVAL_SECONDS = 2;
/** One sweeper period after the intent became stale, plus the work itself on a shared 2-core machine. */
const RECOVERY_MS = (STALE_SECONDS + 2 * INTERVAL_SECONDS) * 1000 + 45_000;

const REPORTS: [username: string, file: string, year: number][] = [
  ['jinma', '000_cd09f5d6f779e604.txt', 2023],
  ['huangbai', '001_5e85f3a6cf9c8b4e.txt', 2023],
  ['aotou', '003_14bbf9e2bea6a5e5.txt', 2023],
  ['wanxing', '004_bb1ae2c6a72f0b00.txt', 2022],
  ['chadian', '002_38540c76edfe7120.txt', 2025],
];

/**
 * Redis is a cache of work: PostgreSQL holds every intent (submission status, checklist_recompute_requests rows,
 * pending notifications). Redis loses its keys in the middle of an upload burst and of a review; the worker's
 * schedule keeper notices, registers the schedules again and the sweeper re-adds what is still marked.
 */
describe('work survives Redis losing its data', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const tokens: Record<string, string> = {};
  const townshipOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      DEMO_MODE: 'true',
      DEMO_PASSWORD,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}_durable`,
      SWEEPER_STALE_SECONDS: String(STALE_SECONDS),
      SWEEPER_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
    });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    worker = await startWorkerApp();
    for (const name of ['auditor', ...REPORTS.map((r) => r[0])]) {
      tokens[name] = (await request(t.http).post('/api/auth/login').send({ username: name, password: DEMO_PASSWORD }).expect(200)).body.accessToken;
      if (name !== 'auditor') townshipOf[name] = (await request(t.http).get('/api/me').set(as(name)).expect(200)).body.townshipId;
    }
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await flushPrefix(t.config.queuePrefix);
  });

  const startWorkerApp = async () => {
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await app.init();
    return app;
  };
  const as = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });
  const count = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);
  const duplicateEvidence = () =>
    count(`SELECT count(*) AS n FROM (SELECT 1 FROM evidence WHERE source = 'auto' GROUP BY checklist_item_id, submission_id, start_offset, end_offset HAVING count(*) > 1) d`);
  const storedState = () =>
    t.ds.query(`SELECT c.township_id, c.year, c.score, ci.obligation_id, ci.status, ci.score AS item_score
                  FROM checklists c JOIN checklist_items ci ON ci.checklist_id = c.id ORDER BY 1, 2, 4`);
  /** What a fresh recompute of every checklist gives: the stored scores must already be these. */
  const recomputedState = async () => {
    const recompute = worker.get(ChecklistRecomputeService);
    for (const c of await t.ds.query(`SELECT township_id, year FROM checklists`)) await recompute.recompute(c.township_id, c.year);
    return storedState();
  };

  it('analyses every upload of a burst during which Redis is flushed, once, with the scores a clean recompute gives', async () => {
    await worker.close();
    const uploads: Promise<request.Response>[] = [];
    // Each township sends its report, then a corrected copy (a re-upload supersedes the first): 10 uploads.
    for (const copy of [0, 1]) {
      for (const [name, file, year] of REPORTS) {
        const bytes = Buffer.concat([readFileSync(seedReportPath(file)), Buffer.from(copy ? '\n（修订稿）\n' : '')]);
        uploads.push(
          request(t.http)
            .post(`/api/townships/${townshipOf[name]}/submissions`)
            .set(as(name))
            .field('year', String(year))
            .field('kind', 'annual_report')
            .attach('file', bytes, `${name}-${year}-${copy}.txt`),
        );
      }
      if (copy === 0) {
        // The first five jobs are in Redis, no worker has taken them, and Redis loses them.
        await Promise.all(uploads);
        // At least the five jobs' keys go (the queue's own keys besides).
        expect(await flushPrefix(t.config.queuePrefix)).toBeGreaterThanOrEqual(5);
        worker = await startWorkerApp();
      }
    }
    const answers = await Promise.all(uploads);
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(202));

    await waitFor('every upload analysed', async () => (await count(`SELECT count(*) AS n FROM submissions WHERE status = 'analyzed'`)) === 10, RECOVERY_MS, 250);
    expect(await duplicateEvidence()).toBe(0);
    await waitFor('no recompute left', async () => (await count(`SELECT count(*) AS n FROM checklist_recompute_requests`)) === 0, RECOVERY_MS, 250);
    const stored = await storedState();
    expect(stored).toHaveLength(10 * 53); // 10 township-year checklists of 53 items
    expect(await recomputedState()).toEqual(stored);
  });

  it('answers a review decision with the new score, and its recompute survives a flush before the worker took it', async () => {
    const jinma = townshipOf.jinma;
    const checklist = (await request(t.http).get(`/api/townships/${jinma}/checklists/2023`).set(as('auditor')).expect(200)).body;
    const evidenced = checklist.items.find((i: any) => i.status === 'auto_evidenced' && i.obligationId !== 'annual_report_submission');
    // No worker runs until Redis has lost the recompute job the api adds.
    await worker.close();
    const res = await request(t.http).patch(`/api/checklist-items/${evidenced.id}`).set(as('auditor')).send({ action: 'reject', reason: '引文与要求不符' }).expect(200);
    expect(res.body).toMatchObject({ id: evidenced.id, status: 'rejected', score: 0 });
    expect(res.body.checklistScore).toBeLessThan(checklist.score);
    expect(await count(`SELECT count(*) AS n FROM checklist_recompute_requests WHERE township_id = $1 AND year = 2023`, [jinma])).toBe(1);
    // The answer's score is the stored one, before any worker ran.
    expect(Number((await t.ds.query(`SELECT score FROM checklists WHERE township_id = $1 AND year = 2023`, [jinma]))[0].score)).toBe(res.body.checklistScore);

    await waitFor('the recompute job in Redis', async () => (await t.app.get<Queue>(getQueueToken(QUEUES.checklist)).getJobCountByTypes('waiting')) > 0, 5000);
    expect(await flushPrefix(t.config.queuePrefix)).toBeGreaterThan(0);
    worker = await startWorkerApp();
    // The finding the rejection opens comes from the worker's full recompute, which only the sweeper can start now.
    await waitFor(
      'recompute after the flush',
      async () =>
        (await count(`SELECT count(*) AS n FROM checklist_recompute_requests`)) === 0 &&
        (await count(`SELECT count(*) AS n FROM findings WHERE checklist_item_id = $1 AND kind = 'missing_evidence' AND status = 'open'`, [evidenced.id])) === 1,
      RECOVERY_MS,
      250,
    );
    const after = (await request(t.http).get(`/api/townships/${jinma}/checklists/2023`).set(as('auditor')).expect(200)).body;
    expect(after.score).toBe(res.body.checklistScore);
    expect(await recomputedState()).toEqual(await storedState());
  });
});

describe('the api while Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails.
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD, REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}_down` });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
  });
  afterAll(() => t?.close());

  it('takes an upload and a review decision at once, keeping the intents in PostgreSQL', async () => {
    const login = async (u: string) => (await request(t.http).post('/api/auth/login').send({ username: u, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    const town = await login('jinma');
    const auditor = await login('auditor');
    const me = (await request(t.http).get('/api/me').set({ authorization: `Bearer ${town}` }).expect(200)).body;
    let started = Date.now();
    const upload = await request(t.http)
      .post(`/api/townships/${me.townshipId}/submissions`)
      .set({ authorization: `Bearer ${town}` })
      .field('year', '2023')
      .field('kind', 'annual_report')
      .attach('file', readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')), 'jinma.txt')
      .expect(202);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(upload.body.status).toBe('received'); // the sweeper adds its job once Redis is back

    const checklist = (await request(t.http).get(`/api/townships/${me.townshipId}/checklists/2023`).set({ authorization: `Bearer ${auditor}` }).expect(200)).body;
    const item = checklist.items.find((i: any) => i.status === 'missing');
    started = Date.now();
    const res = await request(t.http).patch(`/api/checklist-items/${item.id}`).set({ authorization: `Bearer ${auditor}` }).send({ action: 'accept' }).expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body).toMatchObject({ status: 'accepted' });
    // Nothing was analysed (score 0); the accepted item earns its weight, 2 of the template's points.
    expect(checklist.score).toBe(0);
    expect(res.body.score).toBe(2);
    expect(res.body.checklistScore).toBe(1.8);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM checklist_recompute_requests WHERE township_id = $1 AND year = 2023`, [me.townshipId]);
    expect(n).toBe(1);
  });
});
