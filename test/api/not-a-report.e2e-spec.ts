import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startDemoCountyWithWorker, type DemoCountyWithWorker } from './demo-county-with-worker';
import type { TestApp } from './app-harness';
import { AuditLog, seedReportPath } from '@app/persistence';

jest.setTimeout(150_000);
const MENU = '金马大酒店菜单\n凉菜：夫妻肺片 28元 拍黄瓜 12元 口水鸡 32元\n热菜：宫保鸡丁 38元 鱼香肉丝 32元 回锅肉 36元 麻婆豆腐 22元\n汤类：番茄蛋汤 18元\n主食：米饭 2元/碗\n欢迎光临，本店提供外卖服务。';

/** Issue 14: a file that is not a rule-of-law report, uploaded as the annual report, is kept but counts for nothing. */
describe('not a report', () => {
  let t: TestApp;
  let demo: DemoCountyWithWorker;
  let town: string;
  let auditor: string;
  let townshipId: string;
  let countyId: string;
  const as = (token: string) => demo.as(token);
  const login = (username: string) => demo.login(username);
  const settled = (id: string, done: string[]) => demo.settled(id, town, done);
  const row = async () => (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditor)).expect(200)).body.townships.find((r: any) => r.townshipId === townshipId);
  const upload = (bytes: Buffer, name: string) =>
    request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as(town)).field('year', '2023').field('kind', 'annual_report').attach('file', bytes, name).expect(202);

  beforeAll(async () => {
    demo = await startDemoCountyWithWorker();
    t = demo.t;
    town = await login('jinma');
    auditor = await login('auditor');
    const me = (await request(t.http).get('/api/me').set(as(town)).expect(200)).body;
    townshipId = me.townshipId;
    countyId = me.countyId;
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('marks a menu uploaded as the annual report rejected_not_report with a Chinese reason, keeps the file, tells the township and does not count it', async () => {
    const res = await upload(Buffer.from(MENU, 'utf8'), '年度报告.txt');
    const s = await settled(res.body.id, ['analyzed', 'rejected_not_report', 'failed']);
    expect(s.status).toBe('rejected_not_report');
    expect(s.errorCode).toBe('NOT_A_REPORT');
    expect(s.errorMessage).toMatch(/^该文件不像法治政府建设年度报告：/);
    const file = await request(t.http).get(`/api/submissions/${res.body.id}/file`).set(as(town)).buffer(true)
      .parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    expect((file.body as Buffer).toString('utf8')).toBe(MENU);
    const notices = (await request(t.http).get('/api/notifications').set(as(town)).expect(200)).body.filter((n: any) => n.kind === 'not_a_report');
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain('未被认定为年度报告');
    // The checklist does not count it: still 未报送, no score.
    expect(await row()).toMatchObject({ reportStatus: 'not_submitted', score: null });
    // A township cannot override; an auditor can.
    await request(t.http).post(`/api/submissions/${res.body.id}/accept-as-report`).set(as(town)).expect(403);
    const accepted = await request(t.http).post(`/api/submissions/${res.body.id}/accept-as-report`).set(as(auditor)).expect(200);
    expect(accepted.body.reportOverrideAt).toBeTruthy();
    expect((await settled(res.body.id, ['analyzed', 'rejected_not_report', 'failed'])).status).toBe('analyzed');
    expect((await row()).reportStatus).not.toBe('not_submitted');
    const log = await t.ds.getRepository(AuditLog).findOneByOrFail({ entityId: res.body.id, action: 'submission.accept_as_report' });
    expect(log.after).toMatchObject({ status: 'received' });
    const again = await request(t.http).post(`/api/submissions/${res.body.id}/accept-as-report`).set(as(auditor)).expect(409);
    expect(again.body.error.code).toBe('NOT_REJECTED_AS_NON_REPORT');
  });

  it('analyses a real report as a report', async () => {
    const res = await upload(readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')), '金马镇2023年报告.txt');
    const s = await settled(res.body.id, ['analyzed', 'rejected_not_report', 'failed']);
    expect(s.status).toBe('analyzed');
    expect(s.errorCode).toBeNull();
  });
});
