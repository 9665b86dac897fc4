import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface DemoCountyWithWorker {
  t: TestApp;
  worker: INestApplicationContext;
  /** Bearer header for a token. */
  as: (token: string) => { authorization: string };
  /** A demo account's access token. */
  login: (username: string) => Promise<string>;
  /** Polls a submission (as `token`) until its status is one of `done`, or 90 s pass; the last answer. */
  settled: (id: string, token: string, done: readonly string[]) => Promise<any>;
  close: () => Promise<void>;
}

/**
 * The api on a fresh database with the demo county (its template, townships and accounts) and a worker in the same
 * process, for tests that follow an upload through analysis to what people see. `env` adds settings (e.g. the
 * reminder policy).
 */
export async function startDemoCountyWithWorker(env: Record<string, string> = {}): Promise<DemoCountyWithWorker> {
  const t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD, ...env });
  await truncateAll(t.ds);
  await t.app.get(ReferenceDataService).seed();
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
  await worker.init();
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = async (username: string) => (await request(t.http).post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const settled = async (id: string, token: string, done: readonly string[]) => {
    const deadline = Date.now() + 90_000;
    let s = (await request(t.http).get(`/api/submissions/${id}`).set(as(token)).expect(200)).body;
    while (!done.includes(s.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      s = (await request(t.http).get(`/api/submissions/${id}`).set(as(token)).expect(200)).body;
    }
    return s;
  };
  const close = async () => {
    await worker.close();
    await t.close();
  };
  return { t, worker, as, login, settled, close };
}
