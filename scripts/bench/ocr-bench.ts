/**
 * `npm run bench:ocr` (built first: Nest needs the compiler's decorator metadata): OCR on its own queue, measured in-process against real PostgreSQL and Redis (the machine's,
 * else embedded ones, as `npm run bench` does).
 *  1. OCR pages per second: one image-only scan of BENCH_OCR_PAGES pages (default 40; each page the committed
 *     scan-like fixture) read on the `ocr` queue (OCR_CONCURRENCY 1, one OCR child process = one core).
 *  2. BENCH_TEXT_REPORTS text reports (default 100, the five seeds made distinct) submitted right behind that scan:
 *     the time until the last of them is analysed, against the same reports without the scan.
 *  3. OCR_CONCURRENCY 1 vs 2: two scans of BENCH_OCR_PARALLEL_PAGES pages (default 6) submitted together, pages per
 *     second until both are read (with 2, each job has its own OCR process).
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { loadConfig } from '@app/config';
import {
  FileStore, Submission, dataSourceOptions, loadDefaultTemplate, loadDemoCounty, runMigrations, seedDefaultTemplates, seedDemoCounty, seedReportPath,
} from '@app/persistence';
import { QUEUES, addJob, analysisJob } from '@app/queue';
import { ANALYZER_VERSION, closeOcrWorker } from '@app/report-analyzer';
import { imagePdf } from '../../libs/report-analyzer/test-fixtures/make-ocr-fixtures';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startBenchServers } from './bench-servers';
import { repoRoot } from '@app/persistence/seeding/seed-files';

const log = (m: string) => console.log(`[bench:ocr] ${m}`);
const root = repoRoot();
const SEEDS = ['000_cd09f5d6f779e604.txt', '001_5e85f3a6cf9c8b4e.txt', '002_38540c76edfe7120.txt', '003_14bbf9e2bea6a5e5.txt', '004_bb1ae2c6a72f0b00.txt'];

async function scanOf(pages: number): Promise<Buffer> {
  const jpeg = readFileSync(path.join(root, 'libs/report-analyzer/test-fixtures/ocr-scan.jpg'));
  const { width, height } = await sharp(jpeg).metadata();
  return imagePdf(Array.from({ length: pages }, () => ({ data: jpeg, width: width!, height: height! })));
}

async function main() {
  const pages = Number(process.env.BENCH_OCR_PAGES ?? 40);
  const reports = Number(process.env.BENCH_TEXT_REPORTS ?? 100);
  const parallelPages = Number(process.env.BENCH_OCR_PARALLEL_PAGES ?? 6);
  const servers = await startBenchServers(path.join(root, 'data/bench'), log);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fz-ocr-bench-'));
  let app: INestApplicationContext | undefined;
  try {
    const migrator = new DataSource(dataSourceOptions(servers.databaseUrl));
    await migrator.initialize();
    await runMigrations(migrator);
    await seedDefaultTemplates(migrator, loadDefaultTemplate(), 2020, 2027);
    const { townships } = await seedDemoCounty(migrator, loadDemoCounty());
    await migrator.destroy();

    const boot = async (ocrConcurrency: number) => {
      const config = loadConfig({
        NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl, DATA_DIR: dataDir,
        QUEUE_PREFIX: `fzocrbench_${Date.now()}`, OCR_MAX_PAGES: String(Math.max(50, pages, parallelPages)), OCR_TIMEOUT_SECONDS: String(3600),
        OCR_CONCURRENCY: String(ocrConcurrency),
      });
      app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
      await app.init();
      return { config, app };
    };
    let { config } = await boot(1);
    let ds = app!.get<DataSource>(getDataSourceToken());
    let files = app!.get(FileStore);
    let analysis = app!.get<Queue>(getQueueToken(QUEUES.analysis));
    const texts = SEEDS.map((f) => readFileSync(seedReportPath(f), 'utf8'));
    let serial = 0;

    const submit = async (bytes: Buffer, fileName: string, format: Submission['format'], townshipId: string): Promise<string> => {
      const { sha256, key } = await files.put(bytes);
      const repo = ds.getRepository(Submission);
      const row = await repo.save(repo.create({
        townshipId, year: 2023, kind: 'annual_report', fileName, format, mediaType: format === 'pdf' ? 'application/pdf' : 'text/plain',
        sizeBytes: bytes.length, sha256, storageKey: key, status: 'queued',
      }));
      await addJob(analysis, analysisJob(row.id, ANALYZER_VERSION, 0));
      return row.id;
    };
    const textBatch = async () => {
      const ids: string[] = [];
      for (let i = 0; i < reports; i++) {
        const text = `${texts[i % texts.length]}\n（第 ${++serial} 份）\n`;
        ids.push(await submit(Buffer.from(text, 'utf8'), `report-${serial}.txt`, 'txt', townships[i % townships.length].id));
      }
      return ids;
    };
    // Settled: analysed, failed, or analysed and waiting for the township to confirm a report year the text states
    // otherwise (some seeds report on another year than the one they are submitted for).
    const waitAll = async (ids: string[]) => {
      for (;;) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1::uuid[]) AND status IN ('analyzed', 'failed', 'needs_year_confirmation')`, [ids]);
        if (n === ids.length) return Date.now();
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    // Warm-up (loads the analyzer, the lexicon and the OCR models once), not measured.
    await waitAll([await submit(await scanOf(1), 'warmup.pdf', 'pdf', townships[0].id), ...(await textBatch()).slice(0, 5)]);

    log(`${reports} text reports alone`);
    let t0 = Date.now();
    const alone = (await waitAll(await textBatch())) - t0;

    log(`one ${pages}-page scan, then ${reports} text reports behind it`);
    const scan = await scanOf(pages);
    t0 = Date.now();
    const scanId = await submit(scan, `scan-${pages}.pdf`, 'pdf', townships[1 % townships.length].id);
    const behind = (await waitAll(await textBatch())) - t0;
    const scanDone = (await waitAll([scanId])) - t0;
    const [scanRow] = await ds.query(`SELECT status, error_code FROM submissions WHERE id = $1`, [scanId]);

    // OCR_CONCURRENCY 1 vs 2 in this run: two scans submitted together, pages per second until both are read.
    const parallelScan = await scanOf(parallelPages);
    const pagesPerSecond: Record<number, number> = {};
    for (const c of [1, 2]) {
      if (c !== config.ocr.concurrency) {
        await app!.close();
        ({ config } = await boot(c));
        ds = app!.get<DataSource>(getDataSourceToken());
        files = app!.get(FileStore);
        analysis = app!.get<Queue>(getQueueToken(QUEUES.analysis));
      }
      log(`OCR_CONCURRENCY ${c}: two ${parallelPages}-page scans at once`);
      // Each OCR process loads its models once: warm them all up first.
      // (A PDF comment after %%EOF makes each file distinct: a township cannot submit the same file twice.)
      const tagged = (pdf: Buffer, tag: string) => Buffer.concat([pdf, Buffer.from(`\n% ${tag}\n`, 'latin1')]);
      const warm = await Promise.all(Array.from({ length: c }, async (_, i) => submit(tagged(await scanOf(1), `warm-${c}-${i}`), `warm-${c}-${i}.pdf`, 'pdf', townships[0].id)));
      await waitAll(warm);
      t0 = Date.now();
      const ids = [
        await submit(tagged(parallelScan, `p${c}-a`), `p${c}-a.pdf`, 'pdf', townships[0].id),
        await submit(tagged(parallelScan, `p${c}-b`), `p${c}-b.pdf`, 'pdf', townships[1 % townships.length].id),
      ];
      pagesPerSecond[c] = (2 * parallelPages) / (((await waitAll(ids)) - t0) / 1000);
    }

    console.log(`
  OCR on its own queue (${pages}-page scan, ${reports} text reports, WORKER_CONCURRENCY ${config.worker.concurrency}, ${cpus().length} cores)
    scan                                    ${scanRow.status}${scanRow.error_code ? ` (${scanRow.error_code})` : ''} after ${(scanDone / 1000).toFixed(1)} s
    OCR pages per second (one OCR process)  ${(pages / (scanDone / 1000)).toFixed(3)} pages/s (${(scanDone / 1000 / pages).toFixed(1)} s a page, analysis and write included)
    last text report analysed, alone        ${(alone / 1000).toFixed(1)} s
    last text report analysed, behind scan  ${(behind / 1000).toFixed(1)} s (${(behind / alone).toFixed(2)}×)
    two ${parallelPages}-page scans, OCR_CONCURRENCY 1   ${pagesPerSecond[1].toFixed(3)} pages/s
    two ${parallelPages}-page scans, OCR_CONCURRENCY 2   ${pagesPerSecond[2].toFixed(3)} pages/s (${(pagesPerSecond[2] / pagesPerSecond[1]).toFixed(2)}× concurrency 1)
`);
  } finally {
    await app?.close();
    await closeOcrWorker();
    await servers.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
