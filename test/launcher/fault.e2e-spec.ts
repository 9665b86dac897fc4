import { readFileSync } from 'node:fs';
import request from 'supertest';
import { loadDemoCounty, repoRoot, seedReportPath } from '@app/persistence';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { SupervisedChild } from '../../scripts/launcher/child-services';
import { truncateAll } from '../support/test-db';
import { buildWorker } from '../worker/worker-process';
import { flushPrefix, testEnv, waitFor } from '../worker/worker-harness';
import { createTestApp, type TestApp } from '../api/app-harness';

jest.setTimeout(600_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const PREFIX = 'fault';
const REVISIONS = 10;

/**
 * The fault drill of the launcher's promise: during a burst of 50 uploads through the api, the worker process is
 * killed with SIGKILL and Redis loses its data once. The supervisor the launcher uses brings the worker back, the
 * api keeps answering, and the end state equals a clean run of the same uploads.
 */
describe('a worker killed and Redis flushed during a burst of 50 uploads', () => {
  let t: TestApp;
  const logs: { at: number; line: string }[] = [];
  const demo = loadDemoCounty();

  beforeAll(async () => {
    buildWorker();
    t = await createTestApp({
      DEMO_MODE: 'true',
      DEMO_PASSWORD,
      QUEUE_PREFIX: testEnv(PREFIX).QUEUE_PREFIX,
      SWEEPER_STALE_SECONDS: '5',
      SWEEPER_INTERVAL_SECONDS: '2',
    });
  }, 300_000);
  afterAll(async () => {
    await flushPrefix(t.config.queuePrefix);
    await t?.close();
  });

  const startWorker = () =>
    new SupervisedChild(
      repoRoot(),
      'worker',
      { ...process.env, ...testEnv(PREFIX, { LOG_LEVEL: 'warn', FILE_STORAGE_DIR: t.filesDir, SWEEPER_STALE_SECONDS: '5', SWEEPER_INTERVAL_SECONDS: '2' }) },
      (line) => logs.push({ at: Date.now(), line }),
      { quiet: true },
    );
  const count = async (sql: string, params: unknown[] = []) => Number((await t.ds.query(sql, params))[0].n);

  /** Five townships, each sending ten revisions of its report in order (the last one counts): 50 uploads. */
  async function burst(onUpload: (n: number) => Promise<void>): Promise<void> {
    const tokens = await Promise.all(
      demo.townships.map(async (tw) => {
        const token = (await request(t.http).post('/api/auth/login').send({ username: tw.username, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
        const me = (await request(t.http).get('/api/me').set({ authorization: `Bearer ${token}` }).expect(200)).body;
        return { tw, token, townshipId: me.townshipId as string };
      }),
    );
    let sent = 0;
    await Promise.all(
      tokens.map(async ({ tw, token, townshipId }) => {
        const text = readFileSync(seedReportPath(tw.seedReport.file));
        for (let r = 1; r <= REVISIONS; r++) {
          const res = await request(t.http)
            .post(`/api/townships/${townshipId}/submissions`)
            .set({ authorization: `Bearer ${token}` })
            .field('year', String(tw.seedReport.year))
            .field('kind', 'annual_report')
            .attach('file', Buffer.concat([text, Buffer.from(`\n（第${r}稿）\n`)]), `${tw.code}-${r}.txt`);
          expect(res.status).toBe(202);
          await onUpload(++sent);
        }
      }),
    );
  }

  const analysed = () => count(`SELECT count(*) AS n FROM submissions WHERE status = 'analyzed'`);
  /** Everything derived, keyed by township code, year and file name (never by row ids). */
  const endState = async () => ({
    evidence: await t.ds.query(
      `SELECT t.code, s.year, s.file_name, ci.obligation_id, e.start_offset, e.end_offset, e.review_state
         FROM evidence e JOIN submissions s ON s.id = e.submission_id JOIN townships t ON t.id = s.township_id
         JOIN checklist_items ci ON ci.id = e.checklist_item_id ORDER BY 1, 2, 3, 4, 5`,
    ),
    items: await t.ds.query(
      `SELECT t.code, c.year, c.score, ci.obligation_id, ci.status, ci.measured_value, ci.score AS item_score
         FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id JOIN townships t ON t.id = c.township_id ORDER BY 1, 2, 4`,
    ),
    findings: await t.ds.query(
      `SELECT t.code, f.year, f.kind, f.subject_key FROM findings f JOIN townships t ON t.id = f.township_id WHERE f.status = 'open' ORDER BY 1, 2, 3, 4`,
    ),
  });
  const fresh = async () => {
    await flushPrefix(t.config.queuePrefix);
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
  };

  it('keeps the api up, has the worker back within 10 s, analyses all 50 within two minutes, as a clean run would', async () => {
    // The clean run.
    await fresh();
    let worker = startWorker();
    await burst(async () => undefined);
    await waitFor('clean run analysed', async () => (await analysed()) === 50, 120_000, 250);
    await waitFor('clean run recomputed', async () => (await count(`SELECT count(*) AS n FROM checklist_recompute_requests`)) === 0, 30_000, 250);
    const expected = await endState();
    await worker.stop(5000);

    // The same uploads, with the worker killed at the 10th and Redis flushed at the 25th.
    await fresh();
    worker = startWorker();
    let killed: { pid: number; at: number } | null = null;
    const started = Date.now();
    await burst(async (n) => {
      if (n === 10) {
        killed = { pid: worker.pid!, at: Date.now() };
        process.kill(killed.pid, 'SIGKILL');
      }
      if (n === 25) expect(await flushPrefix(t.config.queuePrefix)).toBeGreaterThan(0);
    });
    expect(killed).not.toBeNull();
    const { pid, at } = killed!;
    await waitFor('worker restarted', async () => worker.pid !== pid, 10_000, 100);
    expect(logs.map((l) => l.line)).toContainEqual(expect.stringMatching(new RegExp(`^worker \\(pid ${pid}\\) exited unexpectedly \\(SIGKILL\\); restarting in 1s`)));
    const restarted = logs.find((l) => l.line === `worker restarted (pid ${worker.pid})`);
    expect(restarted!.at - at).toBeLessThan(10_000);
    // The api answered all along (every upload above was a 202) and still does.
    await request(t.http).get('/health').expect(200);

    await waitFor('all 50 analysed after the faults', async () => (await analysed()) === 50, 120_000 - (Date.now() - started), 250);
    await waitFor('recomputes done', async () => (await count(`SELECT count(*) AS n FROM checklist_recompute_requests`)) === 0, 30_000, 250);
    expect(await count(`SELECT count(*) AS n FROM (SELECT 1 FROM evidence WHERE source = 'auto' GROUP BY checklist_item_id, submission_id, start_offset, end_offset HAVING count(*) > 1) d`)).toBe(0);
    expect(await endState()).toEqual(expected);
    await worker.stop(5000);
  });
});
