import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import type { AppConfig } from '@app/config';
import { AuditLog, FileStore, Submission, Township, User, createDataSource, loadDemoCounty, seedReportPath } from '@app/persistence';
import { QUEUES, addJobs, analysisJob, bullConnection } from '@app/queue';
import { ANALYZER_VERSION } from '@app/report-analyzer';

export interface DemoReportSummary {
  township: string;
  year: number;
  status: string;
  score?: number;
  evidenced?: number;
  items?: number;
}

/** Written once the seed reports are in: later starts on the same data directory seed nothing. */
export const DEMO_SEEDED_MARKER = 'demo-reports-seeded';

/**
 * The demo county's five seed reports, put in directly — stored content-addressed, one submission row each with a
 * `system` audit entry, one analysis job each — once, on a fresh data directory (the api has already made the
 * county and its accounts). Nobody logs in, so the audit log holds no login that nobody made; a later start changes
 * nothing a person did (a withdrawn, re-uploaded or reviewed report stays as it is). Then waits for the worker and
 * reads each township-year's score from the database.
 */
export async function seedDemoReports(config: AppConfig, urls: { databaseUrl: string; redisUrl: string }, log: (m: string) => void, timeoutMs = 180_000): Promise<DemoReportSummary[]> {
  const demo = loadDemoCounty();
  const ds = createDataSource(urls.databaseUrl);
  await ds.initialize();
  try {
    const marker = path.join(config.dataDir, DEMO_SEEDED_MARKER);
    if (!existsSync(marker)) {
      const files = new FileStore(config.fileStorageDir);
      const created = await ds.transaction(async (m) => {
        const ids: string[] = [];
        for (const t of demo.townships) {
          const township = await m.findOneByOrFail(Township, { code: t.code });
          const bytes = readFileSync(seedReportPath(t.seedReport.file));
          const sha256 = FileStore.sha256(bytes);
          if (await m.existsBy(Submission, { townshipId: township.id, year: t.seedReport.year, kind: 'annual_report', sha256 })) continue;
          const { key } = await files.put(bytes);
          const staff = await m.findOneBy(User, { username: t.username });
          const s = await m.save(
            m.create(Submission, {
              townshipId: township.id,
              year: t.seedReport.year,
              kind: 'annual_report',
              fileName: `${t.name}${t.seedReport.year}年法治政府建设年度报告.txt`,
              format: 'txt',
              mediaType: 'text/plain',
              sizeBytes: bytes.length,
              sha256,
              storageKey: key,
              status: 'received',
              publishedAt: t.seedReport.publishedAt,
              // The date the document itself states (a historical report is not late because the demo loads it now).
              ...(t.seedReport.submittedAt ? { submittedAt: new Date(`${t.seedReport.submittedAt}T09:00:00+08:00`) } : {}),
              submittedBy: staff?.id ?? null,
            }),
          );
          await m.insert(AuditLog, {
            actorLabel: 'system',
            action: 'submission.seed_demo',
            entityType: 'submission',
            entityId: s.id,
            countyId: township.countyId,
            townshipId: township.id,
            after: { fileName: s.fileName, year: s.year, kind: s.kind },
          });
          ids.push(s.id);
        }
        return ids;
      });
      // The rows are the intent: if Redis refuses a job, the worker's sweeper adds it.
      const queue = new Queue(QUEUES.analysis, { connection: bullConnection(urls.redisUrl), prefix: config.queuePrefix });
      try {
        await addJobs(queue, created.map((id) => analysisJob(id, ANALYZER_VERSION, 0)));
        await ds.query(`UPDATE submissions SET status = 'queued' WHERE id = ANY($1::uuid[]) AND status = 'received'`, [created]);
      } catch (e) {
        log(`analysis jobs not added yet (${(e as Error).message}); the worker's sweeper will add them`);
      } finally {
        await queue.close();
      }
      writeFileSync(marker, new Date().toISOString() + '\n');
      if (created.length) log(`seeded ${created.length} demo reports; waiting for the worker to analyse them`);
    }

    const summaries: DemoReportSummary[] = [];
    const deadline = Date.now() + timeoutMs;
    for (const t of demo.townships) {
      const township = await ds.getRepository(Township).findOneByOrFail({ code: t.code });
      const latest = () =>
        ds.getRepository(Submission).findOne({ where: { townshipId: township.id, year: t.seedReport.year, kind: 'annual_report' }, order: { submittedAt: 'DESC' } });
      let s = await latest();
      while (s && !['analyzed', 'failed'].includes(s.status) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        s = await latest();
      }
      const summary: DemoReportSummary = { township: t.name, year: t.seedReport.year, status: s?.status ?? 'none' };
      const [c]: { score: number; items: number; evidenced: number }[] = await ds.query(
        `SELECT c.score, count(ci.id)::int AS items,
                count(ci.id) FILTER (WHERE ci.status IN ('auto_evidenced', 'accepted', 'waived'))::int AS evidenced
           FROM checklists c JOIN checklist_items ci ON ci.checklist_id = c.id
          WHERE c.township_id = $1 AND c.year = $2 GROUP BY c.id`,
        [township.id, t.seedReport.year],
      );
      if (s?.status === 'analyzed' && c) Object.assign(summary, { score: Math.round(Number(c.score) * 10) / 10, items: c.items, evidenced: c.evidenced });
      summaries.push(summary);
    }
    return summaries;
  } finally {
    await ds.destroy();
  }
}
