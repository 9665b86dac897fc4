import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AuditLog, loadDemoCounty, seedReportPath } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(120_000);

const DEMO_PASSWORD = 'demo-password-for-tests';
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * The product's main path through HTTP against real PostgreSQL and Redis, with the worker running in-process:
 * a township uploads its report, the worker analyses it, the auditor reviews, compares and exports.
 */
describe('township report → analysis → review → matrix and exports', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let townToken: string;
  let auditorToken: string;
  let townshipId: string;
  let countyId: string;
  let submissionId: string;

  beforeAll(async () => {
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    await t.app.get(ReferenceDataService).seed(); // idempotent: a second boot changes nothing
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  it('seeds the demo accounts once, with the demo password', async () => {
    const demo = loadDemoCounty();
    const names = ['admin', demo.auditor.username, ...demo.townships.map((x) => x.username)];
    const rows: { username: string }[] = await t.ds.query('SELECT username FROM users ORDER BY username');
    expect(rows.map((r) => r.username).sort()).toEqual(names.sort());
    townToken = (await request(t.http).post('/api/auth/login').send({ username: 'jinma', password: DEMO_PASSWORD }).expect(200)).body.accessToken;
    auditorToken = (await request(t.http).post('/api/auth/login').send({ username: 'auditor', password: DEMO_PASSWORD }).expect(200)).body.accessToken;
    const me = (await request(t.http).get('/api/me').set(as(townToken)).expect(200)).body;
    expect(me).toMatchObject({ username: 'jinma', role: 'township', townshipName: '金马镇' });
    townshipId = me.townshipId;
    countyId = me.countyId;
  });

  it('takes 金马镇\'s report and the worker analyses it', async () => {
    const res = await request(t.http)
      .post(`/api/townships/${townshipId}/submissions`)
      .set(as(townToken))
      .field('year', '2023')
      .field('kind', 'annual_report')
      .field('publishedAt', '2024-01-02')
      .attach('file', readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')), '金马镇2023年法治政府建设年度报告.txt')
      .expect(202);
    submissionId = res.body.id;
    let status = res.body.status;
    const deadline = Date.now() + 90_000;
    while (!['analyzed', 'failed'].includes(status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      status = (await request(t.http).get(`/api/submissions/${submissionId}`).set(as(townToken)).expect(200)).body.status;
    }
    expect(status).toBe('analyzed');
  });

  it('shows the checklist with quotes that are exact slices of the analysed text', async () => {
    const text: string = (await request(t.http).get(`/api/submissions/${submissionId}/text`).set(as(townToken)).expect(200)).body.text;
    const checklist = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as(townToken)).expect(200)).body;
    expect(checklist.template).toMatchObject({ year: 2023, version: 1 });
    expect(checklist.items).toHaveLength(53);
    const quoted = checklist.items.flatMap((i: any) => i.evidence.filter((e: any) => e.source === 'auto'));
    expect(quoted).toHaveLength(58);
    for (const e of quoted) expect(text.slice(e.startOffset, e.endOffset)).toBe(e.quote);
    expect(checklist.items.filter((i: any) => i.status === 'auto_evidenced')).toHaveLength(34);
    expect(checklist.score).toBe(67.9);
    expect(checklist.planItemsMade).toHaveLength(10);
  });

  it('lets the auditor accept, reject and waive (with a reason), audit-logged', async () => {
    const items = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as(auditorToken)).expect(200)).body.items;
    const missing = items.filter((i: any) => i.status === 'missing');
    const evidenced = items.find((i: any) => i.status === 'auto_evidenced');
    const accepted = await request(t.http).patch(`/api/checklist-items/${missing[0].id}`).set(as(auditorToken)).send({ action: 'accept', comment: '现场核查会议记录' }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', decision: 'accepted' });
    await request(t.http).patch(`/api/checklist-items/${evidenced.id}`).set(as(auditorToken)).send({ action: 'reject', reason: '引文与要求不符' }).expect(200);
    const noReason = await request(t.http).patch(`/api/checklist-items/${missing[1].id}`).set(as(auditorToken)).send({ action: 'waive' }).expect(400);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    await request(t.http).patch(`/api/checklist-items/${missing[1].id}`).set(as(auditorToken)).send({ action: 'waive', reason: '本镇无此职能' }).expect(200);
    const cleared = await request(t.http).patch(`/api/checklist-items/${evidenced.id}`).set(as(auditorToken)).send({ action: 'clear' }).expect(200);
    expect(cleared.body).toMatchObject({ status: 'auto_evidenced', decision: null });
    await request(t.http).patch(`/api/checklist-items/${missing[0].id}`).set(as(townToken)).send({ action: 'accept' }).expect(403);
    const log = await t.ds.getRepository(AuditLog).find({ where: { entityType: 'checklist_item' } });
    expect(log.map((l) => l.action).sort()).toEqual(['checklist_item.accept', 'checklist_item.clear', 'checklist_item.reject', 'checklist_item.waive']);
    expect(log.every((l) => l.townshipId === townshipId && l.countyId === countyId && l.actorLabel === 'auditor')).toBe(true);
  });

  it('ranks the county\'s townships in the matrix', async () => {
    const matrix = (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditorToken)).expect(200)).body;
    expect(matrix.obligations).toHaveLength(53);
    expect(matrix.townships).toHaveLength(5);
    expect(matrix.townships[0]).toMatchObject({ townshipName: '金马镇', rank: 1 });
    expect(matrix.townships[0].score).toBe(70.9); // 67.9 after the analysis, then one item accepted and one waived
    // The others have not reported: 未报送, no score and no rank, never a 0 tied with a real zero.
    expect(matrix.townships.slice(1).every((r: any) => r.reportStatus === 'not_submitted' && r.score === null && r.rank === null)).toBe(true);
    const waived = matrix.coverage.find((c: any) => c.applicable === 4);
    expect(waived).toBeDefined();
    expect(matrix.coverage.every((c: any) => c.share === null || (c.share >= 0 && c.share <= 1))).toBe(true);
  });

  it('exports the matrix as XLSX (Chinese headers, coloured status cells, frozen header and first column) and as CSV with a BOM', async () => {
    const xlsx = await request(t.http).get(`/api/counties/${countyId}/matrix.xlsx?year=2023`).set(as(auditorToken)).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.worksheets[0];
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => sheet.getRow(1).getCell(c).value)).toEqual(['乡镇（街道）', '得分', '排名', '覆盖率', '未关闭问题', '逾期计划事项', '最近提交日期']);
    expect(sheet.getRow(1).getCell(8).value).toBe('法治建设（法治政府建设）领导机构与工作机制');
    expect(sheet.getRow(2).getCell(1).value).toBe('金马镇');
    const statuses = new Set<string>();
    for (let c = 8; c <= 60; c++) statuses.add(String(sheet.getRow(2).getCell(c).value));
    expect([...statuses].every((s) => ['已佐证', '已认可', '缺失', '未达标', '已驳回', '已豁免'].includes(s))).toBe(true);
    expect(statuses).toContain('已认可');
    expect(statuses).toContain('已豁免');
    const fill = sheet.getRow(2).getCell(8).fill as ExcelJS.FillPattern;
    expect(fill.type).toBe('pattern');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();

    const csv = await request(t.http).get(`/api/counties/${countyId}/matrix.csv?year=2023`).set(as(auditorToken)).buffer(true).parse(binary).expect(200);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0].startsWith('乡镇（街道）,得分,排名,覆盖率,未关闭问题,逾期计划事项,最近提交日期,')).toBe(true);
    expect(lines[1].startsWith('金马镇,')).toBe(true);
  });

  it('prints the township report as escaped HTML', async () => {
    const res = await request(t.http).get(`/api/townships/${townshipId}/report/2023`).set(as(townToken)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('金马镇 2023 年度法治政府建设检查报告');
    expect(res.text).toContain('@media print');
    expect(res.text).not.toMatch(/<script/i);
  });

  it('lets the township answer its findings and the auditor override a plan judgement', async () => {
    const findings = (await request(t.http).get(`/api/findings?status=open&year=2023&townshipId=${townshipId}`).set(as(townToken)).expect(200)).body.items;
    // 17 items without evidence, and the report's own late_report finding.
    expect(findings.map((f: any) => f.kind).sort()).toEqual([...Array(17).fill('missing_evidence'), 'late_report'].sort());
    const answered = await request(t.http).post(`/api/findings/${findings[0].id}/response`).set(as(townToken)).send({ response: '已补充会议记录' }).expect(200);
    expect(answered.body.response).toBe('已补充会议记录');
    await request(t.http).post(`/api/findings/${findings[0].id}/response`).set(as(auditorToken)).send({ response: 'x' }).expect(403);

    const plan = (await request(t.http).get(`/api/townships/${townshipId}/checklists/2023`).set(as(auditorToken)).expect(200)).body.planItemsMade[0];
    await request(t.http).patch(`/api/plan-items/${plan.id}`).set(as(auditorToken)).send({ status: 'fulfilled' }).expect(400);
    const overridden = await request(t.http).patch(`/api/plan-items/${plan.id}`).set(as(auditorToken)).send({ status: 'fulfilled', reason: '次年报告已载明完成' }).expect(200);
    expect(overridden.body).toMatchObject({ status: 'fulfilled', overrideStatus: 'fulfilled', overrideReason: '次年报告已载明完成' });
  });
});
