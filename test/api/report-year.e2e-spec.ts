import request from 'supertest';
import { startDemoCountyWithWorker, type DemoCountyWithWorker } from './demo-county-with-worker';
import type { TestApp } from './app-harness';
import { AuditLog } from '@app/persistence';
import { JINMA_2024_WITHOUT_STUDY } from '../worker/reports';

jest.setTimeout(150_000);
const DONE = ['analyzed', 'rejected_not_report', 'needs_year_confirmation', 'failed'];

/** Issue 14: a report whose text states another year than the upload's is held until the township confirms a year. */
describe('report year mismatch', () => {
  let t: TestApp;
  let demo: DemoCountyWithWorker;
  let town: string;
  let auditor: string;
  let townshipId: string;
  let countyId: string;
  const as = (token: string) => demo.as(token);
  const login = (username: string) => demo.login(username);
  const settled = (id: string) => demo.settled(id, town, DONE);
  const upload = (text: string, name: string, confirm = false) => {
    const req = request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as(town)).field('year', '2023').field('kind', 'annual_report');
    return (confirm ? req.field('confirmYear', 'true') : req).attach('file', Buffer.from(text, 'utf8'), name).expect(202);
  };
  const row = async () => (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditor)).expect(200)).body.townships.find((r: any) => r.townshipId === townshipId);

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
