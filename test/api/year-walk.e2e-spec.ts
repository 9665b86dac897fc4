import { readFileSync } from 'node:fs';
import request from 'supertest';
import { dueReminderStages, stageKey, todayIn, yearOf } from '@app/domain';
import { seedReportPath } from '@app/persistence';
import { closePdfWorker } from '@app/report-analyzer';
import { startDemoCountyWithWorker, type DemoCountyWithWorker } from './demo-county-with-worker';
import type { TestApp } from './app-harness';

jest.setTimeout(240_000);

const MENU = '金马大酒店菜单\n凉菜：夫妻肺片 28元 拍黄瓜 12元 口水鸡 32元\n热菜：宫保鸡丁 38元 鱼香肉丝 32元 回锅肉 36元 麻婆豆腐 22元\n汤类：番茄蛋汤 18元\n主食：米饭 2元/碗\n欢迎光临，本店提供外卖服务。';

/**
 * Issue 14, "done when": one county walks one reporting year, in order — the county publishes its template, every
 * township has its checklist with deadlines, reminders run now, a township uploads a menu as its report (refused as
 * not a report), then its real report (analysed); the auditor rejects an item, the township adds evidence, the item
 * is back in 待审 and the auditor is told; the auditor accepts and the answer carries the new score; the matrix
 * shows the other townships as 未报送; the printable county report opens by its link.
 */
describe('a county walks the reporting year', () => {
  let t: TestApp;
  let demo: DemoCountyWithWorker;
  let admin: string;
  let auditor: string;
  let town: string;
  let countyId: string;
  let jinmaId: string;
  let templateId: string;
  let itemId: string;
  let scoreBeforeReject: number;
  let scoreRejected: number;
  const today = todayIn('Asia/Shanghai', new Date());
  const year = yearOf(today);
  const as = (token: string) => demo.as(token);
  const townships = async () => (await request(t.http).get(`/api/townships?countyId=${countyId}`).set(as(auditor)).expect(200)).body as { id: string; name: string; disabled: boolean }[];
  const checklist = async (townshipId = jinmaId, token = auditor) => (await request(t.http).get(`/api/townships/${townshipId}/checklists/${year}`).set(as(token)).expect(200)).body;
  const item = async () => (await checklist()).items.find((i: any) => i.id === itemId);
  const notices = async (token: string, kind: string) => (await request(t.http).get('/api/notifications').set(as(token)).expect(200)).body.filter((n: any) => n.kind === kind);
  const upload = (bytes: Buffer, name: string, fields: Record<string, string> = { kind: 'annual_report' }) => {
    let r = request(t.http).post(`/api/townships/${jinmaId}/submissions`).set(as(town)).field('year', String(year));
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    return r.attach('file', bytes, name);
  };
  const until = async <T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> => {
    const deadline = Date.now() + ms;
    let v = await what();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      v = await what();
    }
    return v;
  };

  beforeAll(async () => {
    // A county that reminds a year ahead as well as 30, 7 and 1 days before a deadline.
    demo = await startDemoCountyWithWorker({ REMINDER_DAYS_BEFORE: '366,30,7,1' });
    t = demo.t;
    admin = await demo.login('admin');
    auditor = await demo.login('auditor');
    town = await demo.login('jinma');
    const me = (await request(t.http).get('/api/me').set(as(town)).expect(200)).body;
    countyId = me.countyId;
    jinmaId = me.townshipId;
  });
  afterAll(async () => {
    await closePdfWorker();
    await demo?.close();
  });

  it('1. the county publishes its template for the year: every active township has its checklist on it, every item with a deadline', async () => {
    const res = await request(t.http).post(`/api/counties/${countyId}/templates`).set(as(auditor)).send({ year, from: 'default' }).expect(201);
    templateId = res.body.id;
    expect(res.body).toMatchObject({ year, countyId });
    const active = (await townships()).filter((x) => !x.disabled);
    expect(active.map((x) => x.name).sort()).toEqual(['万兴街道', '插甸镇', '金马镇', '鳌头镇', '黄柏乡'].sort());
    for (const township of active) {
      const c = await checklist(township.id);
      expect(c.template.id).toBe(templateId);
      expect(c.items).toHaveLength(res.body.obligations.length);
      expect(c.items.filter((i: any) => !/^\d{4}-\d{2}-\d{2}$/.test(i.dueDate))).toEqual([]);
      expect(c.items.every((i: any) => i.status === 'missing')).toBe(true);
    }
    // The township sees its own tasks and deadlines before any upload.
    const own = await checklist(jinmaId, town);
    expect(own.items.find((i: any) => i.obligationId === 'annual_report_submission').dueDate).toBe(`${year + 1}-03-31`);
  });

  it('2. an admin runs the reminders now: each township is reminded of its report deadlines as the policy says for today', async () => {
    expect(await notices(town, 'reminder')).toEqual([]);
    const run = await request(t.http).post('/api/admin/reminders/run').set(as(admin)).expect(200);
    expect(run.body).toMatchObject({ state: 'completed', asOf: today, result: { townships: 5 } });
    // No report is in yet, so the reminders are about handing in last year's and this year's reports (due 31 March of
    // the following year); which stage each is at follows from today and the county's policy (366 days ahead here,
    // so one is always within reach). Escalations go to the auditors, not to the township.
    const policy = t.config.reminders;
    const expected = [year - 1, year].flatMap((y) =>
      dueReminderStages(`${y + 1}-03-31`, today, policy).filter((s) => s.kind !== 'escalation').map((s) => ({ year: y, dueDate: `${y + 1}-03-31`, stage: stageKey(s) })),
    );
    expect(expected.length).toBeGreaterThanOrEqual(1);
    const reminders = await notices(town, 'reminder');
    expect(reminders.map((n: any) => ({ year: n.payload.year, dueDate: n.payload.dueDate, stage: n.payload.stage })).sort((a: any, b: any) => a.year - b.year)).toEqual(expected);
    for (const n of reminders) {
      expect(n.payload.deadlineKind).toBe('report_submission');
      expect(n.subject).toContain('金马镇年度报告报送提醒');
      expect(n.body).toContain(`${n.payload.year}年度`);
    }
    // Every township was reminded the same way.
    const [{ n }] = await t.ds.query(`SELECT count(DISTINCT township_id)::int AS n FROM notifications WHERE kind = 'reminder' AND county_id = $1`, [countyId]);
    expect(n).toBe(5);
  });

  it('3. the township uploads a menu as its report: refused as not a report, with a Chinese reason', async () => {
    const res = await upload(Buffer.from(MENU, 'utf8'), '年度报告.txt').expect(202);
    const s = await demo.settled(res.body.id, town, ['analyzed', 'rejected_not_report', 'failed']);
    expect(s).toMatchObject({ status: 'rejected_not_report', errorCode: 'NOT_A_REPORT' });
    expect(s.errorMessage).toMatch(/^该文件不像法治政府建设年度报告：/);
    expect((await notices(town, 'not_a_report'))).toHaveLength(1);
  });

  it('4. then its real report: analysed, the checklist filled in', async () => {
    // The seed report of 金马镇, written as this year's.
    const text = readFileSync(seedReportPath('000_cd09f5d6f779e604.txt'), 'utf8')
      .replace('发布日期:2024-01-02', `发布日期:${today}`)
      .replace(/2024/g, String(year + 1))
      .replace(/2023/g, String(year));
    const res = await upload(Buffer.from(text, 'utf8'), `金马镇${year}年法治政府建设年度报告.txt`).expect(202);
    const s = await demo.settled(res.body.id, town, ['analyzed', 'rejected_not_report', 'failed', 'needs_year_confirmation']);
    expect(s).toMatchObject({ status: 'analyzed', errorCode: null, year });
    const c = await until(() => checklist(), (v) => v.items.some((i: any) => i.status === 'auto_evidenced'));
    expect(c.items.find((i: any) => i.obligationId === 'annual_report_submission').status).toBe('auto_evidenced');
    scoreBeforeReject = c.score;
    expect(scoreBeforeReject).toBeGreaterThan(0);
  });

  it('5. the auditor rejects an item; 6. the township adds evidence; 7. the item is back in 待审 and the auditor is told', async () => {
    const c = await checklist();
    const evidenced = c.items.find((i: any) => i.status === 'auto_evidenced' && i.requirement.kind === 'presence' && !i.obligationId.startsWith('annual_report'));
    itemId = evidenced.id;
    const rejected = await request(t.http).patch(`/api/checklist-items/${itemId}`).set(as(auditor)).send({ action: 'reject', reason: '引文只是计划，不是已完成的工作' }).expect(200);
    expect(rejected.body).toMatchObject({ id: itemId, decision: 'rejected', status: 'rejected' });
    scoreRejected = rejected.body.checklistScore;
    expect(scoreRejected).toBeLessThan(scoreBeforeReject);
    expect((await checklist()).score).toBe(scoreRejected);
    expect(await notices(auditor, 'review_request')).toEqual([]);

    const evidence = await upload(Buffer.from('金马镇党委会会议记录。会议研究部署了法治政府建设工作，明确了责任分工。', 'utf8'), '党委会会议记录.txt', { kind: 'evidence', checklistItemId: itemId }).expect(202);
    expect(await item()).toMatchObject({ decision: 'rejected', awaitingReview: true, reviewRequestCause: 'evidence_file' });
    const told = await notices(auditor, 'review_request');
    expect(told).toHaveLength(1);
    expect(told[0].subject).toContain('金马镇');
    expect(told[0].subject).toContain('待审');
    expect(told[0].payload).toMatchObject({ checklistItemId: itemId, year });
    expect((await demo.settled(evidence.body.id, town, ['analyzed', 'failed', 'rejected_not_report'])).status).toBe('analyzed');
  });

  it('8. the auditor accepts: the score in the answer is the new one, the same as a fresh read', async () => {
    const accepted = await request(t.http).patch(`/api/checklist-items/${itemId}`).set(as(auditor)).send({ action: 'accept', comment: '会议记录已补' }).expect(200);
    expect(accepted.body).toMatchObject({ id: itemId, decision: 'accepted', status: 'accepted', reviewRequestedAt: null });
    const fresh = await checklist();
    expect(accepted.body.checklistScore).toBe(fresh.score);
    expect(accepted.body.checklistScore).not.toBe(scoreRejected);
    expect(accepted.body.checklistScore).toBe(scoreBeforeReject);
    expect(await item()).toMatchObject({ awaitingReview: false, decision: 'accepted' });
  });

  it('9. the matrix shows the other townships as 未报送, not as a score of 0', async () => {
    const matrix = (await request(t.http).get(`/api/counties/${countyId}/matrix`).set(as(auditor)).expect(200)).body;
    expect(matrix.year).toBe(year);
    const rows = Object.fromEntries(matrix.townships.map((r: any) => [r.townshipName, r]));
    expect(rows['金马镇']).toMatchObject({ reportStatus: 'submitted', score: (await checklist()).score, rank: 1 });
    for (const name of ['黄柏乡', '插甸镇', '鳌头镇', '万兴街道']) expect(rows[name]).toMatchObject({ reportStatus: 'not_submitted', score: null, rank: null });
  });

  it('10. the printable county report opens by its signed link, without logging in', async () => {
    const link = await request(t.http).post(`/api/counties/${countyId}/report-links`).set(as(auditor)).send({ year, expiresInDays: 7 }).expect(201);
    expect(link.body.fileName).toBe(`示范县（演示）${year}年度法治政府建设检查汇总.pdf`);
    const pdf = await request(t.http).get(link.body.path).buffer(true)
      .parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const html = (await request(t.http).get(`${link.body.path}?format=html`).expect(200)).text;
    const score = (await checklist()).score;
    expect(html).toMatch(new RegExp(`<td>金马镇</td><td class="num">${score}</td><td class="num">1</td>`));
    for (const name of ['黄柏乡', '插甸镇', '鳌头镇', '万兴街道']) expect(html).toContain(`<td>${name}</td><td class="num">未报送</td>`);
  });
});
