import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { loadDemoCounty, seedReportPath } from '@app/persistence/seeding/seed-files';
import { startBenchApps, startBenchServers, type BenchApps } from './bench-servers';
import { apiJson as api } from '../launcher/api-client';

export interface PipelineFigures {
  submissions: number;
  workers: number;
  concurrencyPerWorker: number;
  uploadSeconds: number;
  totalSeconds: number;
  throughputPerSec: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  maxLatencyMs: number;
  failed: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * The whole path a township's upload takes, on this machine: HTTP upload to the api (stored, row written, job added)
 * → BullMQ → worker (extract, analyse, one transaction of evidence/metrics/plan items/problems, checklist recompute).
 * Latency is from the moment the upload starts to the moment the submission's checklist was updated (analyzed_at,
 * written in the same transaction as the recompute).
 */
export async function benchPipeline(root: string, opts: { submissions: number; workers: number; concurrency: number; log: (m: string) => void }): Promise<PipelineFigures> {
  const { log } = opts;
  const servers = await startBenchServers(`${root}/data/bench`, log);
  let apps: BenchApps | undefined;
  try {
    apps = await startBenchApps(root, servers, {
      name: 'fzbench',
      portFrom: 3600,
      filesRoot: `${root}/data/bench`,
      env: { DEMO_MODE: 'true', DEMO_PASSWORD: 'bench-password-1', WORKER_CONCURRENCY: String(opts.concurrency) },
    });
    const base = apps.base;
    const demo = loadDemoCounty();
    const accounts = [] as { token: string; townshipId: string; text: string }[];
    for (const t of demo.townships) {
      const { accessToken } = await api<{ accessToken: string }>(base, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username: t.username, password: 'bench-password-1' }) });
      const me = await api<{ townshipId: string }>(base, '/api/me', { token: accessToken });
      accounts.push({ token: accessToken, townshipId: me.townshipId, text: readFileSync(seedReportPath(t.seedReport.file), 'utf8') });
    }
    apps.startWorkers(opts.workers);

    log(`uploading ${opts.submissions} reports through the api (${opts.workers} worker process(es), concurrency ${opts.concurrency} each)`);
    const started = new Map<string, number>();
    let next = 0;
    const t0 = Date.now();
    const uploader = async () => {
      while (next < opts.submissions) {
        const i = next++;
        const acc = accounts[i % accounts.length];
        // Distinct bytes per upload (a note at the end), 20 report years per township: many township-years at once.
        const body = `${acc.text}\n（基准测试副本 ${i}）\n`;
        const form = new FormData();
        form.set('file', new Blob([body], { type: 'text/plain' }), `bench-${i}.txt`);
        form.set('year', String(2006 + (Math.floor(i / accounts.length) % 20)));
        form.set('kind', 'annual_report');
        // The copies are filed under years their text does not state: confirmed, so none waits for confirmation.
        form.set('confirmYear', 'true');
        const at = Date.now();
        const res = await api<{ id: string }>(base, `/api/townships/${acc.townshipId}/submissions`, { method: 'POST', body: form, token: acc.token });
        started.set(res.id, at);
      }
    };
    await Promise.all(Array.from({ length: 16 }, uploader));
    const uploadSeconds = (Date.now() - t0) / 1000;

    const db = new Client({ connectionString: servers.databaseUrl });
    await db.connect();
    let done = 0;
    for (let i = 0; ; i++) {
      const r = await db.query(`SELECT count(*)::int AS n FROM submissions WHERE status IN ('analyzed', 'failed')`);
      done = r.rows[0].n;
      if (done >= opts.submissions) break;
      if (i % 20 === 0) log(`  ${done}/${opts.submissions} analysed`);
      if (i > 6000) throw new Error(`only ${done}/${opts.submissions} analysed after 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = (await db.query(`SELECT id, status, analyzed_at, updated_at FROM submissions`)).rows as { id: string; status: string; analyzed_at: Date | null; updated_at: Date }[];
    await db.end();
    const finished = rows.map((r) => (r.analyzed_at ?? r.updated_at).getTime());
    const latencies = rows.map((r) => (r.analyzed_at ?? r.updated_at).getTime() - (started.get(r.id) ?? t0)).sort((a, b) => a - b);
    const totalSeconds = (Math.max(...finished) - t0) / 1000;
    return {
      submissions: rows.length,
      workers: opts.workers,
      concurrencyPerWorker: opts.concurrency,
      uploadSeconds,
      totalSeconds,
      throughputPerSec: rows.length / totalSeconds,
      p50LatencyMs: quantile(latencies, 0.5),
      p95LatencyMs: quantile(latencies, 0.95),
      maxLatencyMs: latencies[latencies.length - 1],
      failed: rows.filter((r) => r.status === 'failed').length,
    };
  } finally {
    await apps?.stop();
    await servers.stop();
  }
}
