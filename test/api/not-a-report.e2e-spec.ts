import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AuditLog, seedReportPath } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(150_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const MENU = '金马大酒店菜单\n凉菜：夫妻肺片 28元 拍黄瓜 12元 口水鸡 32元\n热菜：宫保鸡丁 38元 鱼香肉丝 32元 回锅肉 36元 麻婆豆腐 22元\n汤类：番茄蛋汤 18元\n主食：米饭 2元/碗\n欢迎光临，本店提供外卖服务。';

/** Issue 14: a file that is not a rule-of-law report, uploaded as the annual report, is kept but counts for nothing. */
describe('not a report', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let town: string;
  let auditor: string;
  let townshipId: string;
  let countyId: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = async (username: string) => (await request(t.http).post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const settled = async (id: string, done: string[]) => {
    const deadline = Date.now() + 90_000;
    let s = (await request(t.http).get(`/api/submissions/${id}`).set(as(town)).expect(200)).body;
    while (!done.includes(s.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      s = (await request(t.http).get(`/api/submissions/${id}`).set(as(town)).expect(200)).body;
    }
    return s;
  };
  const row = async () => (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditor)).expect(200)).body.townships.find((r: any) => r.townshipId === townshipId);
  const upload = (bytes: Buffer, name: string) =>
    request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as(town)).field('year', '2023').field('kind', 'annual_report').attach('file', bytes, name).expect(202);

  beforeAll(async () => {
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await worker.init();
    town = await login('jinma');
    auditor = await login('auditor');
    const me = (await request(t.http).get('/api/me').set(as(town)).expect(200)).body;
    townshipId = me.townshipId;
    countyId = me.countyId;
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
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
