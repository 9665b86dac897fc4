import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AuditLog } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { JINMA_2024_WITHOUT_STUDY } from '../worker/reports';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(150_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const DONE = ['analyzed', 'rejected_not_report', 'needs_year_confirmation', 'failed'];

/** Issue 14: a report whose text states another year than the upload's is held until the township confirms a year. */
describe('report year mismatch', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let town: string;
  let auditor: string;
  let townshipId: string;
  let countyId: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = async (username: string) => (await request(t.http).post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const settled = async (id: string) => {
    const deadline = Date.now() + 90_000;
    let s = (await request(t.http).get(`/api/submissions/${id}`).set(as(town)).expect(200)).body;
    while (!DONE.includes(s.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      s = (await request(t.http).get(`/api/submissions/${id}`).set(as(town)).expect(200)).body;
    }
    return s;
  };
  const upload = (text: string, name: string, confirm = false) => {
    const req = request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as(town)).field('year', '2023').field('kind', 'annual_report');
    return (confirm ? req.field('confirmYear', 'true') : req).attach('file', Buffer.from(text, 'utf8'), name).expect(202);
  };
  const row = async () => (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditor)).expect(200)).body.townships.find((r: any) => r.townshipId === townshipId);

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

  it('holds a 2024 report uploaded as 2023, asks the township, and files it under the year it confirms', async () => {
    const res = await upload(JINMA_2024_WITHOUT_STUDY, '年度报告.txt');
    const held = await settled(res.body.id);
    expect(held).toMatchObject({ status: 'needs_year_confirmation', errorCode: 'YEAR_MISMATCH', year: 2023 });
    expect(held.errorMessage).toContain('报告正文显示为2024年度');
    const notices = (await request(t.http).get('/api/notifications').set(as(town)).expect(200)).body.filter((n: any) => n.kind === 'year_confirmation');
    expect(notices).toHaveLength(1);
    expect(await row()).toMatchObject({ reportStatus: 'not_submitted', score: null }); // not silently filed

    const wrong = await request(t.http).post(`/api/submissions/${res.body.id}/confirm-year`).set(as(town)).send({ year: 2021 }).expect(400);
    expect(wrong.body.error.code).toBe('INVALID_CONFIRMED_YEAR');
    const confirmed = await request(t.http).post(`/api/submissions/${res.body.id}/confirm-year`).set(as(town)).send({ year: 2023 }).expect(200);
    expect(confirmed.body.yearConfirmedAt).toBeTruthy();
    expect((await settled(res.body.id)).status).toBe('analyzed');
    expect((await row()).reportStatus).not.toBe('not_submitted');
    expect(await t.ds.getRepository(AuditLog).findOneBy({ entityId: res.body.id, action: 'submission.confirm_year' })).not.toBeNull();
    const again = await request(t.http).post(`/api/submissions/${res.body.id}/confirm-year`).set(as(town)).send({ year: 2023 }).expect(409);
    expect(again.body.error.code).toBe('NOT_AWAITING_YEAR_CONFIRMATION');
  });

  it('takes confirmYear at upload: no hold', async () => {
    const res = await upload(`${JINMA_2024_WITHOUT_STUDY}\n（修订稿）`, '年度报告-修订.txt', true);
    expect((await settled(res.body.id)).status).toBe('analyzed');
  });
});
