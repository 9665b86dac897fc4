import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { todayIn, yearOf } from '@app/domain';
import { QUEUES } from '@app/queue';
import { AuditLog, ChecklistItem, Checklist, Submission } from '@app/persistence';
import { ChecklistRecomputeService } from '../../apps/worker/src/checklist/checklist-recompute.service';
import { ChecklistStore } from '../../apps/worker/src/checklist/checklist-store';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, uniqueCode, type World } from './world';

jest.setTimeout(90_000);

/**
 * The year runs before the report arrives: checklists from the start of the year, 未报送 in the matrix, uploads only
 * for years that have begun and have a template, and a township's withdrawal of a submission.
 */
describe('the township-year before and around its report', () => {
  let t: TestApp;
  let w: World;
  let queue: Queue;
  let recompute: ChecklistRecomputeService;
  const current = yearOf(todayIn('Asia/Shanghai', new Date()));
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const upload = (token: string | null, townshipId: string, year: number, text: string) =>
    request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as(token)).field('year', String(year)).field('kind', 'annual_report')
      .attach('file', Buffer.from(text, 'utf8'), '年度报告.txt');
  const jobs = async () => {
    const list = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    await queue.drain(true);
    return list.map((j) => `${j.data.townshipId}:${j.data.year}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await t.app.get(ReferenceDataService).seed(); // today's templates (the world's are for 2020–2025)
    queue = t.app.get<Queue>(getQueueToken(QUEUES.checklist));
    await queue.drain(true);
    recompute = new ChecklistRecomputeService(t.config, t.ds, { now: () => new Date() }, new ChecklistStore());
  });
  afterAll(() => t?.close());

  it('gives every active township this year\'s checklist at the start, and a new township at once', async () => {
    const checklist = (await request(t.http).get(`/api/townships/${w.owned.A2.township.id}/checklists/${current}`).set(as(w.tokens.townA2)).expect(200)).body;
    expect(checklist.items).toHaveLength(53);
    expect(checklist.items.every((i: any) => /^\d{4}-\d{2}-\d{2}$/.test(i.dueDate))).toBe(true);
    expect(checklist.planItemsMade).toEqual([]);

    const created = (await request(t.http).post('/api/townships').set(as(w.tokens.audA))
      .send({ countyId: w.counties.A.id, code: `t-${uniqueCode()}`, name: '新设镇', level: 'town' }).expect(201)).body;
    const fresh = (await request(t.http).get(`/api/townships/${created.id}/checklists/${current}`).set(as(w.tokens.audA)).expect(200)).body;
    expect(fresh.items).toHaveLength(53);
    expect(fresh.items.every((i: any) => i.status === 'missing')).toBe(true);
  });

  it('shows townships without a report as 未报送 (not_submitted, score and rank null), defaulting to the latest year', async () => {
    const matrix = (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix`).set(as(w.tokens.audA)).expect(200)).body;
    expect(matrix.year).toBe(current);
    expect(matrix.townships.map((r: any) => r.townshipName).sort()).toEqual(['A1备用镇', 'A1镇', 'A2备用镇', 'A2镇', '新设镇'].sort());
    expect(matrix.townships.every((r: any) => r.reportStatus === 'not_submitted' && r.score === null && r.rank === null)).toBe(true);

    const y2023 = (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix?year=${YEAR}`).set(as(w.tokens.audA)).expect(200)).body;
    const byName = new Map(y2023.townships.map((r: any) => [r.townshipName, r]));
    expect(byName.get('A1镇')).toMatchObject({ reportStatus: 'submitted', rank: 1 });
    expect(typeof (byName.get('A1镇') as any).score).toBe('number');
    expect(byName.get('A1备用镇')).toMatchObject({ reportStatus: 'not_submitted', score: null, rank: null });

    const csv = await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.csv`).set(as(w.tokens.audA)).buffer(true).parse(binary).expect(200);
    expect(decodeURIComponent(csv.headers['content-disposition'])).toContain(`${current}年度`);
    const csv2023 = (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.csv?year=${YEAR}`).set(as(w.tokens.audA)).buffer(true).parse(binary).expect(200)).body.toString('utf8');
    expect(csv2023).toContain('A1备用镇,未报送,,');
  });

  it('refuses uploads for a year that has not begun or has no template, in Chinese', async () => {
    const future = await upload(w.tokens.townA1, w.owned.A1.township.id, current + 1, '明年的报告').expect(400);
    expect(future.body.error.code).toBe('YEAR_IN_FUTURE');
    expect(future.body.error.message).toMatch(/尚未开始/);
    const none = await upload(w.tokens.townA1, w.owned.A1.township.id, 2005, '很早的报告').expect(400);
    expect(none.body.error.code).toBe('NO_TEMPLATE_FOR_YEAR');
    expect(none.body.error.message).toMatch(/尚无检查清单模板/);
    expect(await t.ds.getRepository(Submission).countBy({ townshipId: w.owned.A1.township.id })).toBe(1);
  });

  it('refuses an evidence file that names no checklist item, saying why', async () => {
    const res = await request(t.http).post(`/api/townships/${w.owned.A1.township.id}/submissions`).set(as(w.tokens.townA1))
      .field('year', String(YEAR)).field('kind', 'evidence').attach('file', Buffer.from('会议纪要：组织学法一次'), 'minutes.txt').expect(400);
    expect(res.body.error.code).toBe('CHECKLIST_ITEM_REQUIRED');
    expect(res.body.error.message).toMatch(/检查项/);
  });

  it('lets county staff load a historical report with its real submission date; a township cannot state one', async () => {
    const send = (token: string | null, submittedAt: string, township = w.owned.A2.spareTownship.id) =>
      request(t.http).post(`/api/townships/${township}/submissions`).set(as(token))
        .field('year', String(YEAR)).field('kind', 'annual_report').field('submittedAt', submittedAt).field('publishedAt', '2024-01-10')
        .attach('file', Buffer.from(`A2备用镇${YEAR}年法治政府建设年度报告`, 'utf8'), '历史报告.txt');
    expect((await send(w.tokens.townA2, '2024-01-05', w.owned.A2.township.id).expect(403)).body.error.code).toBe('SUBMITTED_AT_STAFF_ONLY');
    expect((await send(w.tokens.audA, '2022-12-31').expect(400)).body.error.code).toBe('INVALID_SUBMITTED_AT');
    expect((await send(w.tokens.audA, '2024-01-05T08:00:00Z').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    const sent = (await send(w.tokens.audA, '2024-01-05').expect(202)).body;
    const row = await t.ds.getRepository(Submission).findOneByOrFail({ id: sent.id });
    expect(row.submittedAt.toISOString()).toBe('2024-01-05T04:00:00.000Z'); // noon in Asia/Shanghai
    // On time: no late_report finding for a report handed in before the deadline.
    await recompute.recompute(w.owned.A2.spareTownship.id, YEAR);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM findings WHERE township_id = $1 AND year = $2 AND kind = 'late_report' AND status = 'open'`, [w.owned.A2.spareTownship.id, YEAR]);
    expect(n).toBe(0);
    await jobs();
  });

  it('lets a township withdraw before the deadline (kept in history, audited, recomputed) and submit again', async () => {
    const text = `A2镇${current}年法治政府建设年度报告 ${uniqueCode()}`;
    const sent = (await upload(w.tokens.townA2, w.owned.A2.township.id, current, text).expect(202)).body;
    await jobs();
    const withdrawn = (await request(t.http).post(`/api/submissions/${sent.id}/withdraw`).set(as(w.tokens.townA2)).expect(200)).body;
    expect(withdrawn.withdrawnAt).toEqual(expect.any(String));
    expect(await jobs()).toEqual([`${w.owned.A2.township.id}:${current}`]);
    const again = await request(t.http).post(`/api/submissions/${sent.id}/withdraw`).set(as(w.tokens.townA2)).expect(409);
    expect(again.body.error.code).toBe('ALREADY_WITHDRAWN');
    const history = (await request(t.http).get(`/api/townships/${w.owned.A2.township.id}/submissions?year=${current}`).set(as(w.tokens.townA2)).expect(200)).body;
    expect(history.map((s: any) => s.id)).toEqual([sent.id]);
    const log = await t.ds.getRepository(AuditLog).findOneByOrFail({ action: 'submission.withdraw', entityId: sent.id });
    expect(log).toMatchObject({ countyId: w.counties.A.id, townshipId: w.owned.A2.township.id, actorLabel: 'towna2' });
    // The same file again: it counts again.
    const resent = (await upload(w.tokens.townA2, w.owned.A2.township.id, current, text).expect(200)).body;
    expect(resent).toMatchObject({ id: sent.id, duplicate: true });
    expect((await t.ds.getRepository(Submission).findOneByOrFail({ id: sent.id })).withdrawnAt).toBeNull();
    expect(await jobs()).toEqual([`${w.owned.A2.township.id}:${current}`]);
  });

  it('refuses a township\'s withdrawal after the deadline; the auditor may, and the year then counts as not reported', async () => {
    const { submission, township, checklist } = w.owned.A1;
    const late = await request(t.http).post(`/api/submissions/${submission.id}/withdraw`).set(as(w.tokens.townA1)).expect(409);
    expect(late.body.error.code).toBe('WITHDRAW_DEADLINE_PASSED');
    expect(late.body.error.message).toMatch(/截止日期/);
    await request(t.http).post(`/api/submissions/${submission.id}/withdraw`).set(as(w.tokens.audB)).expect(404);

    await recompute.recompute(township.id, YEAR);
    const item = () => t.ds.getRepository(ChecklistItem).findOneByOrFail({ checklistId: checklist.id, obligationId: 'annual_report_submission' });
    expect((await item()).status).toBe('auto_evidenced');
    await request(t.http).post(`/api/submissions/${submission.id}/withdraw`).set(as(w.tokens.audA)).expect(200);
    for (const key of await jobs()) await recompute.recompute(key.split(':')[0], Number(key.split(':')[1]));
    expect((await item()).status).toBe('missing');
    expect((await t.ds.getRepository(Checklist).findOneByOrFail({ id: checklist.id })).score).toBe(0);
    const matrix = (await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix?year=${YEAR}`).set(as(w.tokens.audA)).expect(200)).body;
    expect(matrix.townships.find((r: any) => r.townshipId === township.id)).toMatchObject({ reportStatus: 'not_submitted', score: null });
    const view = (await request(t.http).get(`/api/townships/${township.id}/checklists/${YEAR}`).set(as(w.tokens.audA)).expect(200)).body;
    expect(view.score).toBeNull(); // 未报送, as on the matrix — not the stored 0
    expect(view.planItemsMade).toEqual([]);
    expect(view.problems.reportedThisYear).toEqual([]);
  });
});
