import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { County, Township, User, ensureYearChecklists, seedReportPath } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { hashPassword } from '../../apps/api/src/auth/password';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(180_000);

const PASSWORD = 'correct-horse-battery';
const CORRECTED = readFileSync(seedReportPath('000_cd09f5d6f779e604.txt'), 'utf8');
/** The first upload: other numbers, and one of the problems missing. */
const FIRST = CORRECTED.replace('8名', '5名').replace('39名', '12名').replace(/^\(三\)尊法学法守法氛围营造有待提升.*$/m, '');

/** What a person reads in the checklist view, without row ids, submission ids and timestamps. */
function comparable(view: any) {
  const plan = (p: any) => ({ text: p.text, planYear: p.planYear, dueDate: p.dueDate, status: p.status, target: p.target, obligationIds: p.obligationIds });
  return {
    score: view.score,
    items: view.items.map((i: any) => ({
      obligationId: i.obligationId,
      status: i.status,
      autoStatus: i.autoStatus,
      measuredValue: i.measuredValue,
      score: i.score,
      dueDate: i.dueDate,
      evidence: i.evidence.map((e: any) => ({ source: e.source, quote: e.quote, startOffset: e.startOffset, endOffset: e.endOffset, reviewState: e.reviewState })),
      metrics: i.metrics.map((m: any) => ({ key: m.key, value: m.value, unit: m.unit, quote: m.quote, startOffset: m.startOffset })),
      openFindings: i.openFindings.map((f: any) => ({ kind: f.kind, subjectKey: f.subjectKey })),
    })),
    planItemsMade: view.planItemsMade.map(plan),
    planItemsDue: view.planItemsDue.map(plan),
    problems: {
      reportedThisYear: view.problems.reportedThisYear.map((p: any) => ({ text: p.text, obligationIds: p.obligationIds, status: p.status })),
      reportedLastYear: view.problems.reportedLastYear.map((p: any) => p.text),
    },
    findings: view.findings.filter((f: any) => f.status === 'open').map((f: any) => ({ kind: f.kind, subjectKey: f.subjectKey })).sort((a: any, b: any) => a.subjectKey.localeCompare(b.subjectKey) || a.kind.localeCompare(b.kind)),
  };
}

/**
 * The bug of issue 10: after a re-upload the checklist view showed the superseded report's plan items, problems,
 * metrics and evidence next to the new one's. A township that re-uploads a corrected report must see exactly what a
 * township that uploaded only the corrected report sees.
 */
describe('re-uploading a corrected report', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const tokens: Record<'reuploader' | 'single', string> = { reuploader: '', single: '' };
  const townships: Record<'reuploader' | 'single', string> = { reuploader: '', single: '' };
  const counties: Record<'reuploader' | 'single', string> = { reuploader: '', single: '' };
  /** Each county's auditor, who exports its matrix. */
  const auditors: Record<'reuploader' | 'single', string> = { reuploader: '', single: '' };
  const as = (who: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[who]}` });
  /** The reuploader's checklist view after its first upload only. */
  let before: any;

  beforeAll(async () => {
    t = await createTestApp();
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed(new Date('2024-03-01T00:00:00Z'));
    const m = t.ds.manager;
    const hash = await hashPassword(PASSWORD);
    // Two counties so both townships can bear the report's own name (名称 is unique per county).
    for (const who of ['reuploader', 'single'] as const) {
      const county = await m.save(m.create(County, { code: `c-${who}`, name: `${who}县` }));
      const township = await m.save(m.create(Township, { countyId: county.id, code: `t-${who}`, name: '金马镇', level: 'town', villageCount: 7 }));
      await m.save(m.create(User, { username: who, role: 'township', passwordHash: hash, townshipId: township.id }));
      await m.save(m.create(User, { username: `auditor-${who}`, role: 'auditor', passwordHash: hash, countyId: county.id }));
      townships[who] = township.id;
      counties[who] = county.id;
      tokens[who] = (await request(t.http).post('/api/auth/login').send({ username: who, password: PASSWORD }).expect(200)).body.accessToken;
      auditors[who] = (await request(t.http).post('/api/auth/login').send({ username: `auditor-${who}`, password: PASSWORD }).expect(200)).body.accessToken;
    }
    await ensureYearChecklists(m, 2024); // the current year's checklists exist before any upload
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(t.config), { logger: ['error'] });
    await worker.init();

    // One township uploads a first report, then the corrected one; the other uploads the corrected report alone.
    await upload('reuploader', FIRST, '年度报告.txt');
    before = await view('reuploader');
    await upload('reuploader', CORRECTED, '年度报告（更正）.txt');
    await upload('single', CORRECTED, '年度报告.txt');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  async function upload(who: keyof typeof tokens, text: string, name: string): Promise<string> {
    const res = await request(t.http)
      .post(`/api/townships/${townships[who]}/submissions`)
      .set(as(who))
      .field('year', '2023')
      .field('kind', 'annual_report')
      .field('publishedAt', '2024-01-02')
      .attach('file', Buffer.from(text, 'utf8'), name)
      .expect(202);
    const deadline = Date.now() + 120_000;
    let status = res.body.status;
    while (!['analyzed', 'failed'].includes(status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      status = (await request(t.http).get(`/api/submissions/${res.body.id}`).set(as(who)).expect(200)).body.status;
    }
    expect(status).toBe('analyzed');
    return res.body.id;
  }

  const view = async (who: keyof typeof tokens, year = 2023) =>
    (await request(t.http).get(`/api/townships/${townships[who]}/checklists/${year}`).set(as(who)).expect(200)).body;

  it('shows the corrected report alone: items, evidence, metrics, plan items, problems, findings and next year\'s commitments', async () => {
    const [after, single] = [await view('reuploader'), await view('single')];

    // The two uploads really differ, so the comparison can fail.
    expect(comparable(before)).not.toEqual(comparable(single));
    expect([before.problems.reportedThisYear.length, single.problems.reportedThisYear.length]).toEqual([4, 7]);
    expect(single.planItemsMade).toHaveLength(10);
    expect(single.items.flatMap((i: any) => i.metrics)).toHaveLength(16);

    expect(comparable(after)).toEqual(comparable(single));
    // Next year's view sees the corrected report's commitments only.
    expect(comparable(await view('reuploader', 2024)).planItemsDue).toEqual(comparable(await view('single', 2024)).planItemsDue);
    expect((await view('reuploader', 2024)).planItemsDue).toHaveLength(single.planItemsMade.length);
  });

  it("exports next year's overdue plan items of the corrected report alone, in XLSX and CSV", async () => {
    const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    };
    const OVERDUE_COLUMN = 6; // 逾期计划事项, 1-based
    const exported = async (who: keyof typeof tokens) => {
      const url = `/api/counties/${counties[who]}/matrix`;
      const xlsx = await request(t.http).get(`${url}.xlsx?year=2024`).set({ authorization: `Bearer ${auditors[who]}` }).buffer(true).parse(binary).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.body);
      const sheet = book.worksheets[0];
      expect([sheet.getRow(1).getCell(OVERDUE_COLUMN).value, sheet.getRow(2).getCell(1).value]).toEqual(['逾期计划事项', '金马镇']);
      const csv = await request(t.http).get(`${url}.csv?year=2024`).set({ authorization: `Bearer ${auditors[who]}` }).buffer(true).parse(binary).expect(200);
      const lines = csv.body.toString('utf8').slice(1).split('\r\n');
      expect([lines[0].split(',')[OVERDUE_COLUMN - 1], lines[1].split(',')[0]]).toEqual(['逾期计划事项', '金马镇']);
      return { xlsx: sheet.getRow(2).getCell(OVERDUE_COLUMN).value, csv: lines[1].split(',')[OVERDUE_COLUMN - 1] };
    };
    // What the 2024 checklist view shows as overdue (every commitment: there is no 2024 report, its dates have passed).
    const due = (await view('single', 2024)).planItemsDue;
    const overdue = due.filter((p: any) => p.status === 'overdue').length;
    expect(overdue).toBe(due.length);
    expect(overdue).toBe(10); // the analyzer's count of the report's commitments (single.planItemsMade above)
    // The superseded first report made the same commitments, so counting it too would double the figure.
    expect(before.planItemsMade.map((p: any) => p.text)).toEqual(due.map((p: any) => p.text));
    expect(await exported('single')).toEqual({ xlsx: overdue, csv: String(overdue) });
    expect(await exported('reuploader')).toEqual({ xlsx: overdue, csv: String(overdue) });
  });
});
