import ExcelJS from 'exceljs';
import request from 'supertest';
import { Finding, PlanItem, Submission } from '@app/persistence';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(60_000);

describe('findings list and export columns (issue 14)', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const get = async (token: string | null, url: string) => (await request(t.http).get(url).set(as(token)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const repo = t.ds.getRepository(Finding);
    const A1 = w.owned.A1.township.id;
    // 12 more findings for A1: kinds and answers mixed, one resolved.
    for (let i = 0; i < 12; i++) {
      await repo.save(
        repo.create({
          townshipId: A1, year: YEAR, kind: i % 2 ? 'overdue_plan' : 'below_threshold', subjectKey: `extra:${i}`, message: `问题${i}`,
          status: i === 11 ? 'resolved' : 'open', response: i % 3 === 0 ? '已整改' : null, respondedAt: i % 3 === 0 ? new Date() : null,
        }),
      );
    }
  });
  afterAll(() => t?.close());

  it('pages findings, names each one\'s township, and filters by kind, status and answered', async () => {
    const first = await get(w.tokens.audA, '/api/findings?pageSize=5');
    expect(first).toMatchObject({ total: 14, page: 1, pageSize: 5 });
    expect(first.items).toHaveLength(5);
    const all = [...first.items, ...(await get(w.tokens.audA, '/api/findings?pageSize=5&page=2')).items, ...(await get(w.tokens.audA, '/api/findings?pageSize=5&page=3')).items];
    expect(new Set(all.map((f: any) => f.id)).size).toBe(14);
    expect(new Set(all.map((f: any) => f.townshipName))).toEqual(new Set(['A1镇', 'A2镇']));

    const overdue = await get(w.tokens.audA, '/api/findings?kind=overdue_plan');
    expect(overdue.total).toBe(6);
    expect(overdue.items.every((f: any) => f.kind === 'overdue_plan')).toBe(true);
    const answered = await get(w.tokens.audA, `/api/findings?answered=true&townshipId=${w.owned.A1.township.id}`);
    expect(answered.total).toBe(4);
    expect(answered.items.every((f: any) => f.response)).toBe(true);
    const unanswered = await get(w.tokens.audA, `/api/findings?answered=false&status=open&townshipId=${w.owned.A1.township.id}`);
    expect(unanswered.total).toBe(8); // 13 for A1: 4 answered, 1 resolved (unanswered)
    expect(unanswered.items.every((f: any) => !f.response && f.status === 'open')).toBe(true);
    const resolved = await get(w.tokens.audA, '/api/findings?status=resolved');
    expect(resolved.total).toBe(1);

    // The township sees its own only.
    const own = await get(w.tokens.townA1, '/api/findings?pageSize=200');
    expect(own.total).toBe(13);
    expect(own.items.every((f: any) => f.townshipName === 'A1镇')).toBe(true);

    const bad = await request(t.http).get('/api/findings?kind=nonsense&answered=maybe&pageSize=500').set(as(w.tokens.audA)).expect(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['answered', 'kind', 'pageSize']);
  });

  it('exports coverage, open findings, overdue plan items and the last submission date per township', async () => {
    const A1 = w.owned.A1;
    // The commitments due this year are the plan items of last year's current report, counted by their judged status
    // (what the checklist view shows): two overdue of four. A superseded report's and a withdrawn one's count for nothing.
    const report = (day: string, fields: Partial<Submission> = {}) =>
      t.ds.getRepository(Submission).save(t.ds.getRepository(Submission).create({
        ...A1.submission, id: undefined, year: YEAR - 1, sha256: day.replace(/-/g, '').padEnd(64, '0'), submittedAt: new Date(`${day}T00:00:00Z`), ...fields,
      }));
    const plans = (submissionId: string, statuses: PlanItem['status'][]) =>
      t.ds.getRepository(PlanItem).save(statuses.map((status, position) =>
        t.ds.getRepository(PlanItem).create({ ...A1.planItem, id: undefined, submissionId, year: YEAR - 1, planYear: YEAR, dueDate: `${YEAR}-06-30`, position, status, autoStatus: status })));
    await plans((await report(`${YEAR}-01-10`)).id, ['overdue', 'overdue', 'overdue']);
    await plans((await report(`${YEAR}-02-10`)).id, ['overdue', 'open', 'fulfilled', 'overdue']);
    await plans((await report(`${YEAR}-03-10`, { withdrawnAt: new Date() })).id, ['overdue']);
    // The latest submission of the year on a known day.
    await t.ds.getRepository(Submission).update({ id: A1.submission.id }, { submittedAt: new Date(`${YEAR + 1}-03-01T18:30:00Z`) }); // 2 March in Asia/Shanghai

    const csv = await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.csv?year=${YEAR}`).set(as(w.tokens.audA)).expect(200);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].split(',').slice(0, 7)).toEqual(['乡镇（街道）', '得分', '排名', '覆盖率', '未关闭问题', '逾期计划事项', '最近提交日期']);
    const a1 = lines.find((l: string) => l.startsWith('A1镇,'))!.split(',');
    expect(a1[3]).toMatch(/^\d+\.\d%$/);
    expect(a1.slice(4, 7)).toEqual(['12', '2', `${YEAR + 1}-03-02`]);
    const a2 = lines.find((l: string) => l.startsWith('A2镇,'))!.split(',');
    expect(a2.slice(4, 7)).toEqual(['1', '0', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);

    const xlsx = await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.xlsx?year=${YEAR}`).set(as(w.tokens.audA))
      .buffer(true).parse((res, cb) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.worksheets[0];
    let row: ExcelJS.Row | undefined;
    sheet.eachRow((r) => { if (r.getCell(1).value === 'A1镇') row = r; });
    expect(typeof row!.getCell(4).value).toBe('number');
    expect(sheet.getColumn(4).numFmt).toBe('0.0%');
    expect([5, 6, 7].map((c) => row!.getCell(c).value)).toEqual([12, 2, `${YEAR + 1}-03-02`]);
  });
});
