/**
 * `npm run bench:ocr` (built first: Nest needs the compiler's decorator metadata): OCR on its own queue, measured in-process against real PostgreSQL and Redis (the machine's,
 * else embedded ones, as `npm run bench` does).
 *  1. OCR pages per second: one image-only scan of BENCH_OCR_PAGES pages (default 40; each page the committed
 *     scan-like fixture) read on the `ocr` queue (OCR_CONCURRENCY 1, one OCR child process = one core).
 *  2. BENCH_TEXT_REPORTS text reports (default 100, the five seeds made distinct) submitted right behind that scan:
 *     the time until the last of them is analysed, against the same reports without the scan.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const servers = await startBenchServers(path.join(root, 'data/bench'), log);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fz-ocr-bench-'));
  let app: INestApplicationContext | undefined;
  try {
    const boot = new DataSource(dataSourceOptions(servers.databaseUrl));
    await boot.initialize();
    await runMigrations(boot);
    await seedDefaultTemplates(boot, loadDefaultTemplate(), 2020, 2027);
    const { townships } = await seedDemoCounty(boot, loadDemoCounty());
    await boot.destroy();

    const config = loadConfig({
      NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl, DATA_DIR: dataDir,
      QUEUE_PREFIX: `fzocrbench_${Date.now()}`, OCR_MAX_PAGES: String(Math.max(50, pages)), OCR_TIMEOUT_SECONDS: String(3600),
    });
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
    await app.init();
    const ds = app.get<DataSource>(getDataSourceToken());
    const files = app.get(FileStore);
    const analysis = app.get<Queue>(getQueueToken(QUEUES.analysis));
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
    const waitAll = async (ids: string[]) => {
      for (;;) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1::uuid[]) AND status IN ('analyzed', 'failed')`, [ids]);
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

    console.log(`
  OCR on its own queue (${pages}-page scan, ${reports} text reports, WORKER_CONCURRENCY ${config.worker.concurrency}, OCR_CONCURRENCY ${config.ocr.concurrency})
    scan                                    ${scanRow.status}${scanRow.error_code ? ` (${scanRow.error_code})` : ''} after ${(scanDone / 1000).toFixed(1)} s
    OCR pages per second (one OCR process)  ${(pages / (scanDone / 1000)).toFixed(3)} pages/s (${(scanDone / 1000 / pages).toFixed(1)} s a page, analysis and write included)
    last text report analysed, alone        ${(alone / 1000).toFixed(1)} s
    last text report analysed, behind scan  ${(behind / 1000).toFixed(1)} s (${(behind / alone).toFixed(2)}×)
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
