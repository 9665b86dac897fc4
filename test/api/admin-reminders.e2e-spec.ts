import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AuditLog, Notification } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { flushPrefix } from '../worker/worker-harness';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(120_000);

const DEMO_PASSWORD = 'demo-password-for-tests';

/** An admin runs the reminder planner now instead of waiting for the daily run. */
describe('POST /api/admin/reminders/run', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD, QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}_remind` });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await worker.init();
    for (const u of ['admin', 'auditor', 'jinma']) {
      token[u] = (await request(t.http).post('/api/auth/login').send({ username: u, password: DEMO_PASSWORD }).expect(200)).body.accessToken;
    }
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await flushPrefix(t.config.queuePrefix);
  });

  it('is for admins only', async () => {
    await request(t.http).post('/api/admin/reminders/run').set({ authorization: `Bearer ${token.auditor}` }).expect(403);
    await request(t.http).post('/api/admin/reminders/run').set({ authorization: `Bearer ${token.jinma}` }).expect(403);
    await request(t.http).post('/api/admin/reminders/run').expect(401);
    expect(await t.ds.getRepository(AuditLog).countBy({ action: 'reminders.run' })).toBe(0);
  });

  it('runs the planner at once, answers with what it did, and is audited under the admin', async () => {
    const before = await t.ds.getRepository(Notification).count();
    const res = await request(t.http).post('/api/admin/reminders/run').set({ authorization: `Bearer ${token.admin}` }).expect(200);
    expect(res.body).toMatchObject({ state: 'completed', asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(res.body.result.townships).toBe(5);
    expect(res.body.result.inserted).toBe((await t.ds.getRepository(Notification).count()) - before);
    const [entry] = await t.ds.getRepository(AuditLog).findBy({ action: 'reminders.run' });
    expect(entry).toMatchObject({ actorLabel: 'admin', entityType: 'reminder_run', after: { jobId: res.body.jobId, asOf: res.body.asOf } });
    // A second run the same day sends nothing twice.
    const again = await request(t.http).post('/api/admin/reminders/run').set({ authorization: `Bearer ${token.admin}` }).expect(200);
    expect(again.body.result.inserted).toBe(0);
  });
});
