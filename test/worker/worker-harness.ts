import 'reflect-metadata';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { loadConfig, type AppConfig } from '@app/config';
import {
  FileStore,
  Submission,
  Township,
  User,
  loadDefaultTemplate,
  loadDemoCounty,
  seedDefaultTemplates,
  seedDemoCounty,
  seedReportPath,
  type County,
} from '@app/persistence';
import { QUEUES, type QueueName } from '@app/queue';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { CLOCK, type Clock } from '../../apps/worker/src/clock/clock';
import { REPORT_ANALYZER, type ReportAnalyzer } from '../../apps/worker/src/analysis/report-analyzer.port';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  set(iso: string | Date) {
    this.current = new Date(iso);
  }
}

/** The environment a worker of this test run gets (its own queue prefix per spec file). */
export function testEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  const db = process.env.TEST_DATABASE_URL;
  const redis = process.env.TEST_REDIS_URL;
  if (!db || !redis) throw new Error('run worker integration tests through jest (global setup sets TEST_DATABASE_URL)');
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATABASE_URL: db,
    REDIS_URL: redis,
    QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}_${prefix}`,
    DATA_DIR: sharedDataDir(),
    ...extra,
  };
}

let dataDir: string | null = null;
/** One file store per jest worker process, so in-process and child-process workers read the same files. */
export function sharedDataDir(): string {
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'fz-worker-'));
  return dataDir;
}

export interface WorkerHarness {
  app: INestApplicationContext;
  config: AppConfig;
  ds: DataSource;
  clock: TestClock;
  files: FileStore;
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

export async function startWorker(opts: { prefix: string; now?: string; env?: Record<string, string>; analyzer?: ReportAnalyzer }): Promise<WorkerHarness> {
  const config = loadConfig(testEnv(opts.prefix, opts.env));
  const clock = new TestClock(new Date(opts.now ?? Date.now()));
  let builder = Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).overrideProvider(CLOCK).useValue(clock);
  if (opts.analyzer) builder = builder.overrideProvider(REPORT_ANALYZER).useValue(opts.analyzer);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(['error']);
  const app = await moduleRef.init();
  return {
    app,
    config,
    ds: app.get(getDataSourceToken()),
    clock,
    files: app.get(FileStore),
    queue: (name) => app.get<Queue>(getQueueToken(name)),
    close: () => app.close(),
  };
}

/** Deletes this prefix's keys (never FLUSHALL: other runs share the Redis). */
export async function flushPrefix(prefix: string): Promise<number> {
  const redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  return n;
}

export async function drainQueues(h: WorkerHarness): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    const q = h.queue(name);
    await q.obliterate({ force: true }).catch(() => undefined);
  }
}

export interface World {
  county: County;
  townships: Township[];
  byCode: (code: string) => Township;
  staff: User;
  auditor: User;
}

/** Templates for 2020–2027, the demo county, one township user (with email) for 金马镇 and one auditor. */
export async function seedWorld(ds: DataSource): Promise<World> {
  await seedDefaultTemplates(ds, loadDefaultTemplate(), 2020, 2027);
  const { county, townships } = await seedDemoCounty(ds, loadDemoCounty());
  const byCode = (code: string) => townships.find((t) => t.code === code)!;
  const users = ds.getRepository(User);
  const staff = await users.save(users.create({ username: 'jinma', email: 'jinma@example.test', passwordHash: 'x', role: 'township', townshipId: byCode('jinma').id }));
  const auditor = await users.save(users.create({ username: 'auditor', email: 'auditor@example.test', passwordHash: 'x', role: 'auditor', countyId: county.id }));
  return { county, townships, byCode, staff, auditor };
}

export const SEED = {
  jinma2023: '000_cd09f5d6f779e604.txt',
  huangbai2023: '001_5e85f3a6cf9c8b4e.txt',
  chadian2025: '002_38540c76edfe7120.txt',
  aotou2023: '003_14bbf9e2bea6a5e5.txt',
  wanxing2022: '004_bb1ae2c6a72f0b00.txt',
} as const;

export function seedText(file: string): string {
  return readFileSync(seedReportPath(file), 'utf8');
}

/** Stores the bytes and writes the submission row the way the api does (status queued). */
export async function addSubmission(
  ds: DataSource,
  files: FileStore,
  s: { townshipId: string; year: number; fileName: string; text: string; kind?: 'annual_report' | 'evidence'; checklistItemId?: string; publishedAt?: string | null; submittedAt?: Date; status?: Submission['status']; yearConfirmed?: boolean },
): Promise<Submission> {
  const bytes = Buffer.from(s.text, 'utf8');
  const { sha256, key } = await files.put(bytes);
  const repo = ds.getRepository(Submission);
  const row = repo.create({
    townshipId: s.townshipId,
    year: s.year,
    kind: s.kind ?? 'annual_report',
    checklistItemId: s.checklistItemId ?? null,
    fileName: s.fileName,
    format: 'txt',
    mediaType: 'text/plain',
    sizeBytes: bytes.length,
    sha256,
    storageKey: key,
    status: s.status ?? 'queued',
    publishedAt: s.publishedAt ?? null,
    // A text of another year filed on purpose (the township confirmed the year), else it waits for confirmation.
    ...(s.yearConfirmed ? { yearConfirmedAt: new Date() } : {}),
  });
  const saved = await repo.save(row);
  if (s.submittedAt) {
    await ds.query(`UPDATE submissions SET submitted_at = $2 WHERE id = $1`, [saved.id, s.submittedAt]);
    saved.submittedAt = s.submittedAt;
  }
  return saved;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A job once BullMQ has finished it (completed or failed), read again. A job finishes after its work is committed, so
 * a test that saw the work in the database must wait for this before reading the job's return value or progress.
 */
export async function finishedJob(queue: Queue, jobId: string, timeoutMs = 30_000): Promise<Job> {
  return waitFor(`job ${jobId} finished`, async () => {
    const job = await Job.fromId(queue, jobId);
    return job?.finishedOn ? job : null;
  }, timeoutMs);
}
