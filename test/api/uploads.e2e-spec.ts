import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import request from 'supertest';
import { Queue } from 'bullmq';
import { getQueueToken } from '@nestjs/bullmq';
import { Submission } from '@app/persistence';
import { QUEUES, analysisJob, bullConnection } from '@app/queue';
import { ANALYZER_VERSION } from '@app/report-analyzer';
import { ChecklistFactory } from '../../apps/api/src/checklists/checklist-factory.service';
import { IntentSweeper } from '../../apps/worker/src/maintenance/intent.sweeper';
import { SubmissionIntake } from '../../apps/api/src/submissions/submission-intake.service';
import { SubmissionsModule } from '../../apps/api/src/submissions/submissions.module';
import { createTestApp, type TestApp } from './app-harness';
import { buildWorld, YEAR, type World } from './world';

jest.setTimeout(60_000);

const MAX = 64 * 1024;
const FIXTURES = path.join(__dirname, '../../libs/report-analyzer/test-fixtures');

function storedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

async function xlsxBytes(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('x').addRow(['not a word document']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A real docx's local header names word/… but the archive is cut off before its central directory. */
function truncatedDocx(): Buffer {
  const name = Buffer.from('word/document.xml');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, Buffer.from('<w:document>truncated')]);
}

describe('uploads', () => {
  let t: TestApp;
  let w: World;
  let url: string;
  const auth = () => ({ authorization: `Bearer ${w.tokens.townA1}` });
  const upload = (bytes: Buffer, name: string, fields: Record<string, string> = {}) => {
    let req = request(t.http).post(url).set(auth()).field('year', String(YEAR)).field('kind', 'annual_report');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', bytes, name);
  };

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(MAX) });
    w = await buildWorld(t);
    url = `/api/townships/${w.owned.A1.township.id}/submissions`;
  });
  afterAll(() => t?.close());

  const cases: [string, () => Buffer | Promise<Buffer>, string, number, string][] = [
    ['an empty file', () => Buffer.alloc(0), 'empty.txt', 400, 'EMPTY_FILE'],
    ['a GIF image (JPEG, PNG, TIFF and WebP are read by OCR, GIF is not)', () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(200, 7)]), 'report.gif', 415, 'UNSUPPORTED_FORMAT'],
    ['a zip that is not a Word document', xlsxBytes, 'report.zip', 415, 'UNSUPPORTED_FORMAT'],
    ['a .docx that is really a spreadsheet (no word/document.xml)', xlsxBytes, 'report.docx', 415, 'UNSUPPORTED_FORMAT'],
    ['a .docx cut off before its central directory', truncatedDocx, 'report.docx', 400, 'CORRUPT_DOCX'],
    ['a .docx of binary junk', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'report.docx', 415, 'UNDECODABLE_TEXT'],
    ['a file over UPLOAD_MAX_BYTES', () => Buffer.alloc(MAX * 4, 'a'), 'big.txt', 413, 'FILE_TOO_LARGE'],
  ];

  it.each(cases)('refuses %s with the right 4xx and leaves nothing behind', async (_label, make, name, status, code) => {
    const rowsBefore = await t.ds.getRepository(Submission).count();
    const filesBefore = storedFiles(t.filesDir);
    const res = await upload(await make(), name).expect(status);
    expect(res.body.error).toMatchObject({ code, status });
    expect(await t.ds.getRepository(Submission).count()).toBe(rowsBefore);
    expect(storedFiles(t.filesDir)).toEqual(filesBefore);
  });

  it.each([
    ['report.doc', 'doc', 'application/msword'],
    ['report.wps', 'wps', 'application/wps-office.wps'],
    ['report.ofd', 'ofd', 'application/ofd'],
  ])('accepts %s and stores the format detected from its content', async (fixture, format, mediaType) => {
    const bytes = readFileSync(path.join(FIXTURES, fixture));
    const res = await upload(bytes, `青山镇年度报告.${format}`).expect(202);
    expect(await t.ds.getRepository(Submission).findOneByOrFail({ id: res.body.id })).toMatchObject({ format, mediaType });
  });

  it.each([
    ['ocr-scan.jpg', '年度报告扫描件.jpg', 'image', 'image/jpeg'],
    ['ocr-blank.png', '签到表.png', 'image', 'image/png'],
    ['scanned.pdf', '年度报告扫描件.pdf', 'pdf', 'application/pdf'],
  ])('accepts the scan or photo %s (read by OCR in the worker) and serves an image back as itself', async (fixture, name, format, mediaType) => {
    const bytes = readFileSync(path.join(FIXTURES, fixture));
    const res = await upload(bytes, name).expect(202);
    expect(await t.ds.getRepository(Submission).findOneByOrFail({ id: res.body.id })).toMatchObject({ format, mediaType });
    const file = await request(t.http).get(`/api/submissions/${res.body.id}/file`).set(auth()).expect(200);
    expect(file.headers['content-type']).toContain(mediaType);
    expect(file.headers['content-disposition']).toMatch(/^attachment/);
  });

  it('refuses a truncated .docx with the Chinese reason of its code', async () => {
    const res = await upload(truncatedDocx(), '年度报告.docx').expect(400);
    expect(res.body.error).toMatchObject({ code: 'CORRUPT_DOCX', message: expect.stringContaining('被识别为Word 文档（.docx），文件已损坏或不完整') });
  });

  it('refuses a .doc that is really an Excel workbook with a 415 saying, in Chinese, what it is and what to send', async () => {
    const res = await upload(readFileSync(path.join(FIXTURES, 'sheet.xls')), '年度报告.doc').expect(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_FORMAT');
    expect(res.body.error.message).toContain('被识别为旧版 Excel 表格（.xls）');
    expect(res.body.error.message).toContain('请另存为Word（.docx/.doc）');
  });

  it('refuses a request without a file and one with a bad year or unknown field', async () => {
    expect((await request(t.http).post(url).set(auth()).field('year', String(YEAR)).field('kind', 'annual_report').expect(400)).body.error.code).toBe('FILE_REQUIRED');
    expect((await upload(Buffer.from('报告'), 'r.txt', {}).field('extra', '1').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    const badYear = await request(t.http).post(url).set(auth()).field('year', '1999').field('kind', 'annual_report').attach('file', Buffer.from('报告'), 'r.txt').expect(400);
    expect(badYear.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('accepts GBK-encoded text as txt, keeps the Chinese file name, queues the analysis job, and recognises the same file again', async () => {
    const gbk = iconv.encode('金马镇2023年法治政府建设年度报告\n一、主要工作\n全年开展法治培训12次。\n', 'gbk');
    const first = await upload(gbk, '金马镇年度报告.txt').expect(202);
    expect(first.body).toEqual({ id: expect.any(String), status: 'queued' });
    const row = await t.ds.getRepository(Submission).findOneByOrFail({ id: first.body.id });
    expect(row).toMatchObject({ format: 'txt', fileName: '金马镇年度报告.txt', kind: 'annual_report', year: YEAR });

    const queue = new Queue(QUEUES.analysis, { connection: bullConnection(t.config.redisUrl!), prefix: t.config.queuePrefix });
    try {
      expect(await queue.getJob(analysisJob(first.body.id, ANALYZER_VERSION, 0).opts.jobId)).toBeTruthy();
    } finally {
      await queue.close();
    }

    const again = await upload(gbk, '另一个名字.txt').expect(200);
    expect(again.body).toEqual({ id: first.body.id, status: 'queued', duplicate: true });
    expect(await t.ds.getRepository(Submission).countBy({ sha256: row.sha256 })).toBe(1);

    // A failed analysis is retried when the same file comes again.
    await t.ds.getRepository(Submission).update({ id: row.id }, { status: 'failed', errorCode: 'CORRUPT_PDF', errorMessage: 'x' });
    const retried = await upload(gbk, 'r.txt').expect(200);
    expect(retried.body).toEqual({ id: row.id, status: 'queued', duplicate: true });
    expect(await t.ds.getRepository(Submission).findOneByOrFail({ id: row.id })).toMatchObject({ status: 'queued', errorCode: null });

    const file = await request(t.http).get(`/api/submissions/${row.id}/file`).set(auth()).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(file.body, gbk)).toBe(0);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('金马镇年度报告.txt'));
    const text = await request(t.http).get(`/api/submissions/${row.id}/text`).set(auth()).expect(409);
    expect(text.body.error.code).toBe('SUBMISSION_NOT_ANALYZED');
  });

  it('retries a failed analysis under the job id the sweeper computes: one job, and a second retry while it waits adds nothing', async () => {
    const analysis = t.app.get<Queue>(getQueueToken(QUEUES.analysis));
    const q = (name: string) => t.app.get<Queue>(getQueueToken(name));
    // The worker's sweeper, run as if every intent were an hour old (no worker runs in this file).
    const sweeper = new IntentSweeper(
      t.ds, analysis, q(QUEUES.ocr), q(QUEUES.checklist), q(QUEUES.notifications), t.config,
      { version: ANALYZER_VERSION, analyzeFile: () => Promise.reject(new Error('not here')) },
      { now: () => new Date(Date.now() + 3600_000) },
    );
    const jobsOf = async (id: string) =>
      Promise.all(
        (await analysis.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed']))
          .filter((j) => j.data.submissionId === id)
          .map(async (j) => [j.id, await j.getState()]),
      );
    const bytes = Buffer.from('青山镇2023年法治政府建设年度报告\n一、重试的那一份\n');
    const first = await upload(bytes, '青山镇年度报告.txt').expect(202);
    const id = first.body.id as string;
    expect(await jobsOf(id)).toEqual([[analysisJob(id, ANALYZER_VERSION, 0).opts.jobId, 'waiting']]);
    // The analysis failed for good (the worker's job is gone from the queue's live states; here removed).
    await (await analysis.getJob(analysisJob(id, ANALYZER_VERSION, 0).opts.jobId))!.remove();
    await t.ds.getRepository(Submission).update({ id }, { status: 'failed', errorCode: 'ANALYSIS_FAILED', errorMessage: 'x' });

    // The township sends the same file again: the api counts attempt 1 on the row and adds its job.
    expect((await upload(bytes, '青山镇年度报告.txt').expect(200)).body).toEqual({ id, status: 'queued', duplicate: true });
    expect(await t.ds.getRepository(Submission).findOneByOrFail({ id })).toMatchObject({ status: 'queued', analysisAttempt: 1 });
    const retry = analysisJob(id, ANALYZER_VERSION, 1).opts.jobId;
    expect(await jobsOf(id)).toEqual([[retry, 'waiting']]);

    // The sweeper finds that job under the id it computes from the row, and adds nothing.
    expect(await sweeper.sweep()).toMatchObject({ swept: true, submissions: 0 });
    expect(await jobsOf(id)).toEqual([[retry, 'waiting']]);

    // A second retry while the first waits: the row is no longer failed, nothing is counted or added.
    expect((await upload(bytes, '青山镇年度报告.txt').expect(200)).body).toEqual({ id, status: 'queued', duplicate: true });
    expect((await t.ds.getRepository(Submission).findOneByOrFail({ id })).analysisAttempt).toBe(1);
    expect(await sweeper.sweep()).toMatchObject({ swept: true, submissions: 0 });
    expect(await jobsOf(id)).toEqual([[retry, 'waiting']]);
    expect(await q(QUEUES.ocr).getJobs(['waiting'])).toEqual([]);
  });

  it('removes the stored file when the row cannot be written, and keeps nothing half-done', async () => {
    // The intake's own collaborator fails inside the insert transaction, after the bytes were stored.
    const factory: ChecklistFactory = (t.app.select(SubmissionsModule).get(SubmissionIntake) as unknown as { checklists: ChecklistFactory }).checklists;
    const spy = jest.spyOn(factory, 'ensureExists').mockRejectedValueOnce(new Error('database went away'));
    const filesBefore = storedFiles(t.filesDir);
    const rowsBefore = await t.ds.getRepository(Submission).count();
    const res = await upload(Buffer.from('独一无二的报告内容 ' + Date.now()), 'r.txt').expect(500);
    expect(res.body.error.code).toBe('INTERNAL_ERROR');
    spy.mockRestore();
    expect(storedFiles(t.filesDir)).toEqual(filesBefore);
    expect(await t.ds.getRepository(Submission).count()).toBe(rowsBefore);
  });

  it('attaches an evidence file to an item of the same township and year only', async () => {
    const proper = await request(t.http).post(url).set(auth()).field('year', String(YEAR)).field('kind', 'evidence').field('checklistItemId', w.owned.A1.item.id)
      .attach('file', Buffer.from('会议纪要：组织学法一次'), 'minutes2.txt').expect(202);
    expect((await t.ds.getRepository(Submission).findOneByOrFail({ id: proper.body.id })).checklistItemId).toBe(w.owned.A1.item.id);
    const foreign = await request(t.http).post(url).set(auth()).field('year', String(YEAR)).field('kind', 'evidence').field('checklistItemId', w.owned.A2.item.id)
      .attach('file', Buffer.from('会议纪要：另一个乡镇'), 'minutes3.txt').expect(400);
    expect(foreign.body.error.code).toBe('INVALID_CHECKLIST_ITEM');
  });
});
