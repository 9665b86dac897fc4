import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { closeOcrWorker } from '@app/report-analyzer';
import { seedReportPath } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(240_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const FIXTURES = path.join(__dirname, '../../libs/report-analyzer/test-fixtures');

/** A township photographs its evidence: uploaded through HTTP, read by OCR in the worker, shown to the auditor as OCR evidence. */
describe('an evidence photo through the api and the OCR queue', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let token: string;
  let townshipId: string;
  const as = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await worker.init();
    token = (await request(t.http).post('/api/auth/login').send({ username: 'jinma', password: DEMO_PASSWORD }).expect(200)).body.accessToken;
    townshipId = (await request(t.http).get('/api/me').set(as()).expect(200)).body.townshipId;
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await closeOcrWorker();
  });

  const settle = async (id: string) => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const s = (await request(t.http).get(`/api/submissions/${id}`).set(as()).expect(200)).body;
      if (['analyzed', 'failed'].includes(s.status) || Date.now() > deadline) return s;
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  it('stores the photo as an image, reads it by OCR and lists its quotes as ocr evidence with both confidences', async () => {
    const report = await request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as()).field('year', '2023').field('kind', 'annual_report')
      .attach('file', readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')), '年度报告.txt').expect(202);
    expect((await settle(report.body.id)).status).toBe('analyzed');
    const before = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as()).expect(200)).body;
    const item = before.items.find((i: any) => i.obligationId === 'pufa_activities');

    const up = await request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as()).field('year', '2023').field('kind', 'evidence')
      .field('checklistItemId', item.id).attach('file', readFileSync(path.join(FIXTURES, 'ocr-scan.jpg')), '普法活动照片.jpg').expect(202);
    const s = await settle(up.body.id);
    expect(s).toMatchObject({ status: 'analyzed', format: 'image', mediaType: 'image/jpeg', needsOcr: true, progress: null, progressLabel: null, errorMessage: null });

    const text: string = (await request(t.http).get(`/api/submissions/${up.body.id}/text`).set(as()).expect(200)).body.text;
    const after = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as()).expect(200)).body;
    const fromPhoto = after.items.find((i: any) => i.id === item.id).evidence.filter((e: any) => e.submissionId === up.body.id);
    // A fixed photo read by a fixed engine: the same text, so the same one quote, at the analyzer's 0.75, every run.
    expect(fromPhoto).toEqual([expect.objectContaining({ source: 'ocr', reviewState: 'pending', confidence: 0.75 })]);
    for (const e of fromPhoto) {
      expect(text.slice(e.startOffset, e.endOffset)).toBe(e.quote);
      // The model's float confidence may round differently on another CPU's instruction set: a bound, not a value.
      expect(e.ocrConfidence).toBeGreaterThan(0.9);
      expect(e.ocrConfidence).toBeLessThanOrEqual(1);
    }
    // The text report's quotes stay 'auto', without an OCR confidence.
    const fromReport = after.items.flatMap((i: any) => i.evidence).filter((e: any) => e.submissionId === report.body.id);
    expect(fromReport).toHaveLength(58);
    expect(fromReport.every((e: any) => e.source === 'auto' && e.ocrConfidence === null)).toBe(true);
  });

  it('accepts an iPhone HEIC photo by its content, stores it as image/heic and reads it by OCR', async () => {
    const checklist = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as()).expect(200)).body;
    const item = checklist.items.find((i: any) => i.obligationId === 'pufa_activities');
    const up = await request(t.http).post(`/api/townships/${townshipId}/submissions`).set(as()).field('year', '2023').field('kind', 'evidence')
      .field('checklistItemId', item.id).attach('file', readFileSync(path.join(FIXTURES, 'ocr-scan.heic')), 'IMG_0001.HEIC').expect(202);
    const s = await settle(up.body.id);
    expect(s).toMatchObject({ status: 'analyzed', format: 'image', mediaType: 'image/heic', needsOcr: true, errorMessage: null });
    const text: string = (await request(t.http).get(`/api/submissions/${up.body.id}/text`).set(as()).expect(200)).body.text;
    expect(text.split('\n')[0]).toBe('金马镇2023年法治政府建设工作报告');
  });
});
