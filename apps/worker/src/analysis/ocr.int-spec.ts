// OCR in the worker: scans and photos go from the analysis queue to their own `ocr` queue (the submission's
// needs_ocr is the durable intent), are read page by page with progress, and become evidence marked 'ocr' with the
// OCR confidence. Real OCR (PaddleOCR models through ONNX Runtime), so this file takes a minute or two.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Evidence, Submission, SubmissionText, ensureChecklist, type FileStore } from '@app/persistence';
import { QUEUES, addJob, analysisJob, ocrJob } from '@app/queue';
import { closeOcrWorker } from '@app/report-analyzer';
import type { DataSource } from 'typeorm';
import { truncateAll } from '../../../../test/support/test-db';
import { SEED, addSubmission, finishedJob, seedText, seedWorld, startWorker, waitFor, type World, type WorkerHarness } from '../../../../test/worker/worker-harness';
import { IntentSweeper } from '../maintenance/intent.sweeper';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

jest.setTimeout(300_000);

const NOW = '2024-02-15T02:00:00Z';
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../../libs/report-analyzer/test-fixtures', name));

/** Stores a binary upload and writes its row as the api does (status queued). */
async function addFile(
  ds: DataSource,
  files: FileStore,
  s: { townshipId: string; year: number; fileName: string; bytes: Buffer; format: Submission['format']; mediaType: string; kind?: Submission['kind']; checklistItemId?: string },
): Promise<Submission> {
  const { sha256, key } = await files.put(s.bytes);
  const repo = ds.getRepository(Submission);
  return repo.save(
    repo.create({
      townshipId: s.townshipId, year: s.year, kind: s.kind ?? 'annual_report', checklistItemId: s.checklistItemId ?? null, fileName: s.fileName,
      format: s.format, mediaType: s.mediaType, sizeBytes: s.bytes.length, sha256, storageKey: key, status: 'queued',
    }),
  );
}

describe('OCR on its own queue', () => {
  let h: WorkerHarness;
  let world: World;
  const version = () => h.app.get<ReportAnalyzer>(REPORT_ANALYZER).version;
  const submission = (id: string) => h.ds.getRepository(Submission).findOneByOrFail({ id });
  const analyse = (submissionId: string) => addJob(h.queue(QUEUES.analysis), analysisJob(submissionId, version(), 0));
  const settled = (id: string, timeoutMs = 240_000) =>
    waitFor(`submission ${id} settled`, async () => {
      const r = await submission(id);
      return (r.status === 'analyzed' || r.status === 'failed') && r;
    }, timeoutMs, 200);
  const itemOf = async (obligationId: string) => {
    const { items } = await h.ds.transaction((m) => ensureChecklist(m, world.byCode('jinma').id, 2023));
    return items.find((i) => i.obligationId === obligationId)!;
  };

  beforeAll(async () => {
    h = await startWorker({ prefix: 'ocr', now: NOW });
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });
  afterAll(async () => {
    await h.close();
    await closeOcrWorker();
  });

  it('hands an evidence photo to the ocr queue and stores its quotes as ocr evidence with the OCR confidence', async () => {
    const item = await itemOf('pufa_activities');
    const s = await addFile(h.ds, h.files, {
      townshipId: world.byCode('jinma').id, year: 2023, kind: 'evidence', checklistItemId: item.id, fileName: '普法活动.jpg',
      bytes: fixture('ocr-scan.jpg'), format: 'image', mediaType: 'image/jpeg',
    });
    await analyse(s.id);
    const row = await settled(s.id);
    expect([row.status, row.errorMessage]).toEqual(['analyzed', null]);
    expect(row.needsOcr).toBe(true);
    expect(row.progress).toBeNull();
    // The analysis job handed it over; the ocr queue did the work. A job is finished only after the row is written,
    // so each is read once BullMQ has finished it.
    const handedOver = await finishedJob(h.queue(QUEUES.analysis), analysisJob(s.id, version(), 0).opts.jobId);
    expect(handedOver.returnvalue).toEqual({ result: 'handed_to_ocr' });
    // The OCR job carries the same attempt as the analysis that handed it over.
    const read = await finishedJob(h.queue(QUEUES.ocr), ocrJob(s.id, version(), 0).opts.jobId);
    expect(read.returnvalue).toEqual({ result: 'analyzed' });
    const ocrJobs = await h.queue(QUEUES.ocr).getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
    expect(ocrJobs.filter((j) => j.data.submissionId === s.id).map((j) => j.id)).toEqual([ocrJob(s.id, version(), 0).opts.jobId]);

    const text = (await h.ds.getRepository(SubmissionText).findOneByOrFail({ submissionId: s.id })).text;
    expect(text).toContain('金马镇2023年法治政府建设工作报告');
    // OCR of a fixed fixture by a fixed engine reads the same text every run: one quote, at the analyzer's 0.75.
    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: s.id });
    expect(evidence).toEqual([expect.objectContaining({ checklistItemId: item.id, source: 'ocr', reviewState: 'pending', confidence: 0.75 })]);
    for (const e of evidence) {
      expect(text.slice(e.startOffset!, e.endOffset!)).toBe(e.quote);
      // The OCR model's float confidence (0.98 here) may round differently on another CPU's instruction set: a bound.
      expect(e.ocrConfidence).toBeGreaterThan(0.9);
      expect(e.ocrConfidence).toBeLessThanOrEqual(1);
    }
  });

  it('re-adds a lost ocr intent from the row; a photo that matches nothing stays one pending ocr row for the auditor', async () => {
    const item = await itemOf('leadership_group');
    const s = await addFile(h.ds, h.files, {
      townshipId: world.byCode('jinma').id, year: 2023, kind: 'evidence', checklistItemId: item.id, fileName: '会议照片.jpg',
      bytes: fixture('ocr-photo.jpg'), format: 'image', mediaType: 'image/jpeg',
    });
    // Handed over, then the ocr job was lost (Redis flushed): only the row says it needs OCR.
    await h.ds.query(`UPDATE submissions SET needs_ocr = true, attempts = 1, updated_at = $2 WHERE id = $1`, [s.id, new Date(Date.parse(NOW) - 3600_000)]);
    const swept = await h.app.get(IntentSweeper).sweep();
    expect(swept).toMatchObject({ swept: true, submissions: 1 });
    // A new attempt, counted on the row; its job goes straight to the ocr queue.
    expect((await submission(s.id)).analysisAttempt).toBe(1);
    expect(await h.queue(QUEUES.ocr).getJob(ocrJob(s.id, version(), 1).opts.jobId)).toBeTruthy();
    expect(await h.queue(QUEUES.analysis).getJob(analysisJob(s.id, version(), 1).opts.jobId)).toBeUndefined();
    // While that job waits or runs (a retry keeps its id), a later sweep leaves it alone.
    await h.ds.query(`UPDATE submissions SET updated_at = $2 WHERE id = $1`, [s.id, new Date(Date.parse(NOW) - 3600_000)]);
    expect((await h.app.get(IntentSweeper).sweep()).submissions).toBe(0);

    const row = await settled(s.id);
    expect(row.status).toBe('analyzed');
    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: s.id });
    expect(evidence).toEqual([
      expect.objectContaining({ checklistItemId: item.id, quote: null, source: 'ocr', reviewState: 'pending', note: expect.stringContaining('《会议照片.jpg》') }),
    ]);
    expect(evidence[0].ocrConfidence).toBeGreaterThan(0.5);
  });

  it('analyses a text report submitted behind a multi-page scan first, and shows the scan page by page', async () => {
    const jinma = world.byCode('jinma');
    const scan = await addFile(h.ds, h.files, {
      townshipId: jinma.id, year: 2023, fileName: '年度报告扫描件.pdf', bytes: fixture('ocr-scanned.pdf'), format: 'pdf', mediaType: 'application/pdf',
    });
    await analyse(scan.id);
    await waitFor('scan handed to ocr', async () => (await submission(scan.id)).needsOcr, 60_000);
    const text = await addSubmission(h.ds, h.files, { townshipId: world.byCode('huangbai').id, year: 2023, fileName: SEED.huangbai2023, text: seedText(SEED.huangbai2023) });
    await analyse(text.id);

    const seen: string[] = [];
    const watch = setInterval(() => {
      void submission(scan.id).then((r) => r.progress && seen.push(`${r.status} ${r.progress.page}/${r.progress.total}`)).catch(() => undefined);
    }, 100);
    try {
      await settled(text.id, 120_000);
      // The text report is done while the scan is still waiting or being read.
      expect((await submission(text.id)).status).toBe('analyzed');
      expect(['queued', 'analyzing']).toContain((await submission(scan.id)).status);
      const row = await settled(scan.id);
      expect([row.status, row.errorMessage]).toEqual(['analyzed', null]);
      expect(row.progress).toBeNull();
    } finally {
      clearInterval(watch);
    }
    expect(seen).toContain('analyzing 1/2');
    const read = await finishedJob(h.queue(QUEUES.ocr), ocrJob(scan.id, version(), 0).opts.jobId);
    expect([read.returnvalue, read.progress]).toEqual([{ result: 'analyzed' }, { page: 2, total: 2 }]);
    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: scan.id });
    expect(evidence).toHaveLength(9);
    expect(evidence.every((e) => e.source === 'ocr' && e.ocrConfidence !== null)).toBe(true);
  });

  it('reads a PDF with scanned pages on the ocr queue: only its scanned pages by OCR, quotes from its text pages stay auto', async () => {
    const jinma = world.byCode('jinma');
    const s = await addFile(h.ds, h.files, {
      townshipId: jinma.id, year: 2023, fileName: '年度报告（含扫描页）.pdf', bytes: fixture('mixed-text-scan.pdf'), format: 'pdf', mediaType: 'application/pdf',
    });
    await analyse(s.id);
    const seen: string[] = [];
    const watch = setInterval(() => {
      void submission(s.id).then((r) => r.progress && seen.push(`${r.status} ${r.progress.page}/${r.progress.total}`)).catch(() => undefined);
    }, 100);
    let row: Submission;
    try {
      row = await settled(s.id);
    } finally {
      clearInterval(watch);
    }
    expect([row.status, row.errorMessage, row.needsOcr, row.progress]).toEqual(['analyzed', null, true, null]);
    // Two of the six pages are scans: the progress counts those two.
    expect(seen).toContain('analyzing 1/2');
    expect(seen.every((p) => /\/2$/.test(p))).toBe(true);
    const read = await finishedJob(h.queue(QUEUES.ocr), ocrJob(s.id, version(), 0).opts.jobId);
    expect([read.returnvalue, read.progress]).toEqual([{ result: 'analyzed' }, { page: 2, total: 2 }]);

    const text = (await h.ds.getRepository(SubmissionText).findOneByOrFail({ submissionId: s.id })).text;
    expect(text.split('\n')[0]).toBe('金马镇2023年法治政府建设工作报告');
    expect(text).toContain('2023年我镇无规范性文件');
    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: s.id });
    for (const e of evidence) expect(text.slice(e.startOffset!, e.endOffset!)).toBe(e.quote);
    // 36 quotes from the four text pages, 19 read off the two scans.
    expect([evidence.filter((e) => e.source === 'auto').length, evidence.filter((e) => e.source === 'ocr').length]).toEqual([36, 19]);
    const items = (await h.ds.transaction((m) => ensureChecklist(m, jinma.id, 2023))).items;
    const rowsOf = (obligationId: string) => evidence.filter((e) => e.checklistItemId === items.find((i) => i.obligationId === obligationId)!.id);
    // Page 1 is text: its quotes are the file's own text. Page 3 is a scan: its quotes were read by OCR.
    expect(rowsOf('leadership_group')).toHaveLength(3);
    expect(rowsOf('leadership_group').every((e) => e.source === 'auto' && e.ocrConfidence === null)).toBe(true);
    expect(rowsOf('normdoc_cleanup')).toHaveLength(1);
    expect(rowsOf('normdoc_cleanup').every((e) => e.source === 'ocr' && e.ocrConfidence! > 0.5 && e.ocrConfidence! <= 1)).toBe(true);
  });

  it('reads an iPhone HEIC photo of evidence', async () => {
    const item = await itemOf('pufa_activities');
    const s = await addFile(h.ds, h.files, {
      townshipId: world.byCode('jinma').id, year: 2023, kind: 'evidence', checklistItemId: item.id, fileName: 'IMG_0001.HEIC',
      bytes: fixture('ocr-scan.heic'), format: 'image', mediaType: 'image/heic',
    });
    await analyse(s.id);
    const row = await settled(s.id);
    expect([row.status, row.errorMessage]).toEqual(['analyzed', null]);
    const text = (await h.ds.getRepository(SubmissionText).findOneByOrFail({ submissionId: s.id })).text;
    expect(text.split('\n')[0]).toBe('金马镇2023年法治政府建设工作报告');
    const evidence = await h.ds.getRepository(Evidence).findBy({ submissionId: s.id });
    expect(evidence).toEqual([expect.objectContaining({ checklistItemId: item.id, source: 'ocr', confidence: 0.75 })]);
  });
});

describe('OCR failures', () => {
  let h: WorkerHarness;
  let world: World;
  beforeAll(async () => {
    h = await startWorker({ prefix: 'ocr-limits', now: NOW, env: { OCR_MAX_PAGES: '1' } });
    await truncateAll(h.ds);
    world = await seedWorld(h.ds);
  });
  afterAll(() => h.close());

  const run = async (fileName: string, bytes: Buffer, format: Submission['format'], mediaType: string) => {
    const s = await addFile(h.ds, h.files, { townshipId: world.byCode('jinma').id, year: 2023, fileName, bytes, format, mediaType });
    const version = h.app.get<ReportAnalyzer>(REPORT_ANALYZER).version;
    await addJob(h.queue(QUEUES.analysis), analysisJob(s.id, version, 0));
    const row = await waitFor('failed', async () => {
      const r = await h.ds.getRepository(Submission).findOneByOrFail({ id: s.id });
      return r.status === 'failed' && r;
    }, 120_000, 200);
    expect(await h.ds.getRepository(Evidence).countBy({ submissionId: s.id })).toBe(0);
    expect(row.progress).toBeNull();
    return row;
  };

  it('fails a scan over OCR_MAX_PAGES at once, saying in Chinese how many pages and what to do', async () => {
    const row = await run('两页扫描件.pdf', fixture('ocr-scanned.pdf'), 'pdf', 'application/pdf');
    expect(row.errorCode).toBe('TOO_LARGE');
    expect(row.errorMessage).toBe(
      '文件《两页扫描件.pdf》是 2 页的扫描件，超过了系统一次文字识别的上限（1 页）。请拆分成每份不超过 1 页的文件分别上传，或上传可复制文字的 PDF、Word/WPS 原文件。',
    );
  });

  it('fails a picture without text and a corrupt image, each with its Chinese reason', async () => {
    const blank = await run('空白照片.png', fixture('ocr-blank.png'), 'image', 'image/png');
    expect(blank.errorCode).toBe('NO_CONTENT');
    expect(blank.errorMessage).toContain('《空白照片.png》');
    expect(blank.errorMessage).toContain('图片');
    const broken = await run('损坏.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))]), 'image', 'image/jpeg');
    expect(broken.errorCode).toBe('CORRUPT_IMAGE');
    expect(broken.errorMessage).toContain('《损坏.jpg》');
  });

  it('fails a damaged HEIC photo with a Chinese reason asking for JPG or PNG, nothing written', async () => {
    const heic = fixture('ocr-scan.heic');
    const row = await run('IMG_0002.HEIC', heic.subarray(0, Math.floor(heic.length / 2)), 'image', 'image/heic');
    expect(row.errorCode).toBe('CORRUPT_IMAGE');
    expect(row.errorMessage).toBe(
      '文件《IMG_0002.HEIC》被识别为HEIC 照片（苹果手机默认格式），图片已损坏或格式无法解码。请重新扫描或拍照，保存为 JPG 或 PNG 后上传。',
    );
    expect(await h.ds.getRepository(SubmissionText).countBy({ submissionId: row.id })).toBe(0);
  });
});
