/**
 * `npm run bench:scale`: national-shaped data (counties of 15–40 townships, several report years of checklists,
 * evidence, metrics, plan items, problems, findings and reminders drawn from the analyzer's output on the seed
 * reports) generated straight into a fresh database, then the figures of issue 15 measured against the real api and
 * worker: the reminder run (and a second one, which must add nothing), the county matrix, the township year, the
 * findings page, the county XLSX, and a bounded burst of uploads through api → queue → worker.
 *
 *   --townships N   townships (default 38,700)      --years N      report years (default 5)
 *   --ingest N      uploads in the burst (default 200, 0 skips)   --concurrency N  concurrent uploads (default 20)
 *   --evidence-files K  with each report, K evidence files of the same township-year uploaded right after it (a
 *                   township's burst: its recomputes coalesce); ingest_per_s then counts every file
 *   --workers N     worker processes (default 1)    --samples N    requests per read figure (default 60)
 *   --stale-since D the day (YYYY-MM-DD) the generated checklists were last recomputed (default yesterday: an
 *                   ordinary day's run; an early date makes the worst day, when every township-year is recomputed)
 *   --copy-of DB    start from a copy of a database kept by --generate-only (same machine's PostgreSQL) instead of
 *                   generating: before/after comparisons on the same data, without the generation's minutes
 *   --json          a last line of JSON with every figure
 *   --generate-only generate, keep the database and stop (to look at plans with EXPLAIN); --keep keeps it after a run
 *   --ingest-only   skip the reads and the reminder runs: only the upload burst (quicker before/after pairs)
 *   --log-statements every statement of the api and workers logged with its duration to PostgreSQL's server log
 *                   (log_min_duration_statement = 0 on the run's database only), to see where the database's time goes
 *   --cpu-prof DIR  profile the api and the workers during the upload burst (V8's sampling profiler, started by
 *                   SIGWINCH, see cpu-prof-preload.cjs); <app>-<pid>.cpuprofile written to DIR when they stop
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import Redis from 'ioredis';
import { Queue, QueueEvents } from 'bullmq';
import { todayIn, yearOf } from '@app/domain';
import { createDataSource, loadDefaultTemplate, repoRoot, runMigrations, seedDefaultTemplates, seedReportPath, seedsDir } from '@app/persistence';
import { QUEUES, addJob, reminderRunJob } from '@app/queue';
import { hashPassword } from '../../../apps/api/src/auth/password';
import { apiCall, apiJson } from '../../launcher/api-client';
import { startBenchApps, startBenchServers, type BenchApps } from '../bench-servers';
import { generateScaleData } from './generate';
import { seedShapes } from './shapes';

const TZ = 'Asia/Shanghai';
const PASSWORD = 'scale-bench-password-1';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
  return v;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const round = (v: number, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

/** Resident-set peak of a process, sampled every 100 ms while `during` runs (VmRSS from /proc). */
async function peakRssMb<T>(pid: number, during: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      /* the process is gone or /proc is not there */
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  try {
    return { value: await during(), peakMb: peak };
  } finally {
    clearInterval(timer);
    sample();
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 when it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** The bench database's PostgreSQL backends (the api's and workers' pooled connections), to add up their CPU. */
async function backendPids(db: Client): Promise<number[]> {
  const rows = (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows as { pid: number }[];
  return rows.map((r) => r.pid);
}

/** Waits (at most a minute) until the processes use under 5 % of a core over a second: the workers' boot tasks done. */
async function settled(pids: number[]): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 1000));
    if (pids.every((pid, j) => cpuSeconds(pid) - before[j] < 0.05)) return;
  }
}

/**
 * CPU seconds the bench database's PostgreSQL processes spend while `during` runs: its backends, and the parallel
 * workers a query starts (short-lived: polled every 50 ms, so the last moments of each are missed; a lower bound).
 */
async function postgresCpu<T>(db: Client, during: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const poll = async (atStart: boolean) => {
    for (const pid of await backendPids(db)) {
      const cpu = cpuSeconds(pid);
      // A process first seen after the start began during the run: all of its CPU counts.
      if (!first.has(pid)) first.set(pid, atStart ? cpu : 0);
      last.set(pid, Math.max(last.get(pid) ?? 0, cpu)); // 0 once it has exited
    }
  };
  await poll(true);
  let polling = Promise.resolve();
  const timer = setInterval(() => (polling = polling.then(() => poll(false)).catch(() => undefined)), 50);
  let value: T;
  try {
    value = await during();
  } finally {
    clearInterval(timer);
    await polling;
  }
  await poll(false);
  let seconds = 0;
  for (const [pid, cpu] of last) seconds += cpu - (first.get(pid) ?? 0);
  return { value, seconds };
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

async function main() {
  const json = process.argv.includes('--json');
  const log = (m: string) => (json ? process.stderr : process.stdout).write(`[bench:scale] ${m}\n`);
  const townshipCount = arg('townships', 38_700);
  const years = arg('years', 5);
  const ingestCount = arg('ingest', 200);
  const evidencePerReport = arg('evidence-files', 0);
  const concurrency = arg('concurrency', 20);
  const workers = Math.max(1, arg('workers', 1));
  const samples = Math.max(5, arg('samples', 60));
  const root = repoRoot();
  const today = todayIn(TZ, new Date());
  const currentYear = yearOf(today);
  const lastReportYear = currentYear - 1;
  const staleIdx = process.argv.indexOf('--stale-since');
  const staleSince = staleIdx > 0 ? process.argv[staleIdx + 1] : new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(staleSince)) throw new Error('--stale-since needs YYYY-MM-DD');

  const copyIdx = process.argv.indexOf('--copy-of');
  const copyOf = copyIdx > 0 ? process.argv[copyIdx + 1] : undefined;
  const copyStarted = Date.now();
  const servers = await startBenchServers(`${root}/data/bench-scale`, log, { copyOf });
  let apps: BenchApps | undefined;
  const redisConn = new Redis(servers.redisUrl, { maxRetriesPerRequest: null });
  try {
    const shapes = seedShapes(seedsDir());
    let gen: { townships: number; counties: number; reportYears: number[]; seconds: number };
    const db = new Client({ connectionString: servers.databaseUrl });
    // Dropping the database at the end of a failed run ends this connection: the run's own error is the one to show.
    db.on('error', () => undefined);
    if (copyOf) {
      await db.connect();
      const counts = (await db.query(
        `SELECT (SELECT count(*)::int FROM townships) AS townships, (SELECT count(DISTINCT county_id)::int FROM townships) AS counties,
                (SELECT array_agg(DISTINCT year ORDER BY year) FROM checklists WHERE year < $1) AS years`,
        [currentYear],
      )).rows[0];
      gen = { townships: counts.townships, counties: counts.counties, reportYears: counts.years, seconds: (Date.now() - copyStarted) / 1000 };
      log(`copied ${copyOf}`);
    } else {
      // Schema and templates exactly as a deployment has them.
      const ds = createDataSource(servers.databaseUrl);
      await ds.initialize();
      await runMigrations(ds);
      await seedDefaultTemplates(ds, loadDefaultTemplate(), currentYear - years - 1, currentYear + 1);
      await ds.destroy();

      log(`generating ${townshipCount} townships × ${years} report years (${currentYear - years}–${lastReportYear})`);
      const hash = await hashPassword(PASSWORD);
      gen = await generateScaleData(servers.databaseUrl, shapes, { townships: townshipCount, years, currentYear, reportedShare: 0.9, passwordHash: hash, recomputedAt: new Date(`${staleSince}T12:00:00Z`), log });
      await db.connect();
      await db.query(`INSERT INTO users (username, display_name, password_hash, role) VALUES ('scale_admin', '规模测试管理员', $1, 'admin')`, [hash]);
    }
    const sizes = (await db.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size, (SELECT count(*)::int FROM checklist_items) AS items, (SELECT count(*)::int FROM evidence) AS evidence`)).rows[0];
    log(`generated in ${gen.seconds.toFixed(0)} s: ${gen.counties} counties, ${sizes.items} checklist items, ${sizes.evidence} evidence rows, database ${sizes.size}`);
    if (process.argv.includes('--generate-only')) {
      await db.end();
      process.argv.push('--keep');
      return;
    }

    if (process.argv.includes('--log-statements')) {
      const name = (await db.query(`SELECT current_database() AS name`)).rows[0].name as string;
      await db.query(`ALTER DATABASE "${name}" SET log_min_duration_statement = 0`);
      log(`statements of ${name} logged with their durations to the server log`);
    }
    const profIdx = process.argv.indexOf('--cpu-prof');
    const profDir = profIdx > 0 ? process.argv[profIdx + 1] : undefined;
    const profEnv = profDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${root}/scripts/bench/cpu-prof-preload.cjs`.trim(), BENCH_CPU_PROF_DIR: profDir } : {};
    apps = await startBenchApps(root, servers, { name: 'fzscale', portFrom: 3700, filesRoot: `${root}/data/bench-scale`, env: { JWT_SECRET: 's'.repeat(48), ...profEnv } });
    const { base, queuePrefix } = apps;
    const workerChildren = apps.startWorkers(workers);
    const { accessToken: token } = await apiJson<{ accessToken: string }>(base, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'scale_admin', password: PASSWORD }) });

    const ingestOnly = process.argv.includes('--ingest-only');
    const matrixMs: number[] = [], matrixBytes: number[] = [], yearMs: number[] = [], findingsMs: number[] = [], xlsxMs: number[] = [];
    let townsPerCounty = NaN;
    let first: { value: { ms: number; value: { townships: number; deadlines: number; inserted: number } | undefined }; peakMb: number } = { value: { ms: NaN, value: undefined }, peakMb: NaN };
    let second: { ms: number; value: { inserted: number } | undefined } = { ms: NaN, value: undefined };
    let runCpu = { workers: NaN, postgres: NaN };
    let secondCpu = { workers: NaN, postgres: NaN };
    let recomputed = NaN;
    let dupRows = NaN;
    if (!ingestOnly) {
      // Reads: counties and townships drawn evenly over the whole data set.
      const counties = (await db.query(`SELECT id FROM counties ORDER BY md5(id::text) LIMIT $1`, [samples])).rows.map((r: { id: string }) => r.id);
      const towns = (await db.query(`SELECT id, county_id FROM townships ORDER BY md5(id::text) LIMIT $1`, [samples])).rows as { id: string; county_id: string }[];
      const get = async (path: string) => {
        const r = await fetch(new URL(path, base), { headers: { authorization: `Bearer ${token}` } });
        const body = Buffer.from(await r.arrayBuffer());
        if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${body.toString().slice(0, 200)}`);
        return body;
      };
      await get(`/api/counties/${counties[0]}/matrix?year=${lastReportYear}`); // warm-up
      log(`reads: ${samples} county matrices, township years and findings pages; ${Math.min(10, counties.length)} county XLSX`);
      for (let i = 0; i < samples; i++) {
        const c = counties[i % counties.length];
        const m = await timed(() => get(`/api/counties/${c}/matrix?year=${lastReportYear}`));
        matrixMs.push(m.ms);
        matrixBytes.push(m.value.length);
        const t = towns[i % towns.length];
        yearMs.push((await timed(() => get(`/api/townships/${t.id}/checklists/${lastReportYear}`))).ms);
        findingsMs.push((await timed(() => get(`/api/findings?countyId=${t.county_id}&status=open&year=${lastReportYear}`))).ms);
      }
      for (const c of counties.slice(0, 10)) xlsxMs.push((await timed(() => get(`/api/counties/${c}/matrix.xlsx?year=${lastReportYear}`))).ms);
      townsPerCounty = (await db.query(`SELECT round(avg(n), 1)::float8 AS avg FROM (SELECT count(*) AS n FROM townships GROUP BY county_id) x`)).rows[0].avg as number;

      // The reminder run as the daily job runs it, twice: the second must add nothing.
      const reminders = new Queue(QUEUES.reminders, { connection: redisConn, prefix: queuePrefix });
      // A connection of its own (QueueEvents blocks on it), closed below: BullMQ leaves connections it was given open.
      const eventsConn = redisConn.duplicate();
      const events = new QueueEvents(QUEUES.reminders, { connection: eventsConn, prefix: queuePrefix });
      await events.waitUntilReady();
      const runOnce = async (n: number) => {
        // Each run its own id (as an admin's run now): the second run must find nothing left to add.
        const job = await addJob(reminders, reminderRunJob(today, n));
        return (await job.waitUntilFinished(events, 60 * 60 * 1000)) as { townships: number; deadlines: number; inserted: number } | undefined;
      };
      const recomputedBefore = (await db.query(`SELECT count(*)::int AS n FROM checklists WHERE recomputed_at > $1`, [new Date(`${staleSince}T12:00:00Z`)])).rows[0].n as number;
      log(`reminder run as of ${today} over ${gen.townships} townships (checklists last recomputed ${staleSince})`);
      const workerCpu = () => workerChildren.reduce((a, c) => a + cpuSeconds(c.proc.pid!), 0);
      const runCpuBefore = workerCpu();
      const firstPg = await postgresCpu(db, () => peakRssMb(workerChildren[0].proc.pid!, () => timed(() => runOnce(1))));
      first = firstPg.value;
      runCpu = { workers: workerCpu() - runCpuBefore, postgres: firstPg.seconds };
      log(`  first run ${(first.value.ms / 1000).toFixed(1)} s: ${JSON.stringify(first.value.value)}`);
      recomputed = ((await db.query(`SELECT count(*)::int AS n FROM checklists WHERE recomputed_at > $1`, [new Date(`${staleSince}T12:00:00Z`)])).rows[0].n as number) - recomputedBefore;
      log(`  ${recomputed} township-years recomputed`);
      const secondCpuBefore = workerCpu();
      const secondPg = await postgresCpu(db, () => timed(() => runOnce(2)));
      second = secondPg.value;
      secondCpu = { workers: workerCpu() - secondCpuBefore, postgres: secondPg.seconds };
      log(`  second run ${(second.ms / 1000).toFixed(1)} s: ${JSON.stringify(second.value)}`);
      dupRows = (await db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications GROUP BY kind, township_id, recipient_user_id, channel, payload->>'deadlineKind', payload->>'year', payload->>'dueDate', payload->>'stage' HAVING count(*) > 1) d`)).rows[0].n as number;
      await events.close();
      eventsConn.disconnect();
      await reminders.close();

    }

    // A bounded burst of uploads through the real api and worker(s), to township-years of the current year.
    let cpu = { api: NaN, workers: NaN, postgres: NaN };
    let ingest = { perSec: NaN, p50: NaN, p95: NaN, failed: 0, n: 0, burstP50: NaN, burstP95: NaN };
    if (ingestCount > 0) {
      const text = shapes.map((s) => readFileSync(seedReportPath(s.file), 'utf8'));
      const targets = (await db.query(`SELECT id FROM townships ORDER BY md5(id::text || 'ingest') LIMIT $1`, [ingestCount])).rows.map((r: { id: string }) => r.id);
      // Each report, then its township-year's evidence files (on distinct items of the current year's checklist).
      const itemsOf = new Map<string, { id: string; name: string }[]>();
      if (evidencePerReport > 0) {
        const rows = (await db.query(
          `SELECT c.township_id, i.id, o.name_zh FROM checklists c JOIN checklist_items i ON i.checklist_id = c.id
             JOIN template_obligations o ON o.template_id = c.template_id AND o.obligation_id = i.obligation_id
            WHERE c.township_id = ANY($1) AND c.year = $2 AND i.obligation_id NOT IN ('annual_report_submission', 'annual_report_publication')
            ORDER BY c.township_id, o.position`,
          [targets, currentYear],
        )).rows as { township_id: string; id: string; name_zh: string }[];
        for (const r of rows) itemsOf.set(r.township_id, [...(itemsOf.get(r.township_id) ?? []), { id: r.id, name: r.name_zh }]);
      }
      const uploads = targets.flatMap((townshipId, i) => [
        { townshipId, i, item: null as { id: string; name: string } | null },
        ...(itemsOf.get(townshipId) ?? []).slice(0, evidencePerReport).map((item) => ({ townshipId, i, item })),
      ]);
      log(`ingest: ${uploads.length} uploads (${targets.length} reports, ${evidencePerReport} evidence files each), ${concurrency} at a time, ${workers} worker process(es)`);
      const started = new Map<string, number>();
      const burstStart = new Map<string, number>();
      let next = 0;
      // Where the CPU goes: api, worker processes and the database's backends, before and after the burst.
      const procs = { api: [apps.api.proc.pid!], workers: workerChildren.map((c) => c.proc.pid!) };
      // Alone, the burst would otherwise overlap the workers' start-up (the year's checklists ensured at boot).
      if (ingestOnly) await settled([...procs.api, ...procs.workers]);
      const pgBefore = new Map((await backendPids(db)).map((pid) => [pid, cpuSeconds(pid)]));
      const cpuBefore = { api: cpuSeconds(procs.api[0]), workers: procs.workers.reduce((a, pid) => a + cpuSeconds(pid), 0) };
      if (profDir) for (const pid of [...procs.api, ...procs.workers]) process.kill(pid, 'SIGWINCH');
      const t0 = Date.now();
      const uploader = async () => {
        while (next < uploads.length) {
          const { townshipId, i, item } = uploads[next++];
          const form = new FormData();
          if (item) {
            form.set('file', new Blob([`${item.name}工作台账及会议记录（规模测试 ${i}）\n`], { type: 'text/plain' }), `scale-${i}-evidence.txt`);
            form.set('kind', 'evidence');
            form.set('checklistItemId', item.id);
          } else {
            form.set('file', new Blob([`${text[i % text.length]}\n（规模测试 ${i}）\n`], { type: 'text/plain' }), `scale-${i}.txt`);
            form.set('kind', 'annual_report');
            // The seed texts state other years: confirmed, so none waits for the township to confirm its year.
            form.set('confirmYear', 'true');
          }
          form.set('year', String(currentYear));
          const at = Date.now();
          if (!burstStart.has(townshipId)) burstStart.set(townshipId, at);
          const res = await apiCall<{ id: string }>(base, `/api/townships/${townshipId}/submissions`, { method: 'POST', body: form, token });
          if (res.status >= 300) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          started.set(res.body.id, at);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, uploader));
      const ids = [...started.keys()];
      for (let i = 0; ; i++) {
        const r = await db.query(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1) AND status IN ('analyzed', 'failed', 'rejected_not_report', 'needs_year_confirmation')`, [ids]);
        if (r.rows[0].n >= ids.length) break;
        if (i % 50 === 0) log(`  ${r.rows[0].n}/${ids.length} analysed`);
        if (i > 12_000) throw new Error('ingest did not finish in 20 minutes');
        await new Promise((r) => setTimeout(r, 100));
      }
      const pgAfter = (await backendPids(db)).reduce((a, pid) => a + cpuSeconds(pid) - (pgBefore.get(pid) ?? 0), 0);
      cpu = {
        api: ((cpuSeconds(procs.api[0]) - cpuBefore.api) * 1000) / ids.length,
        workers: ((procs.workers.reduce((a, pid) => a + cpuSeconds(pid), 0) - cpuBefore.workers) * 1000) / ids.length,
        postgres: (pgAfter * 1000) / ids.length,
      };
      const rows = (await db.query(`SELECT id, status, analyzed_at, updated_at FROM submissions WHERE id = ANY($1)`, [ids])).rows as { id: string; status: string; analyzed_at: Date | null; updated_at: Date }[];
      const end = Math.max(...rows.map((r) => (r.analyzed_at ?? r.updated_at).getTime()));
      const lat = rows.map((r) => ((r.analyzed_at ?? r.updated_at).getTime() - started.get(r.id)!) / 1000);
      // A township's burst is done when its checklist was last recomputed (a coalesced burst recomputes once, at its end).
      const recomputed = (await db.query(`SELECT township_id, recomputed_at FROM checklists WHERE township_id = ANY($1) AND year = $2`, [targets, currentYear])).rows as { township_id: string; recomputed_at: Date }[];
      const burstLat = recomputed.map((r) => (r.recomputed_at.getTime() - burstStart.get(r.township_id)!) / 1000);
      ingest = { perSec: rows.length / ((end - t0) / 1000), p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), failed: rows.filter((r) => r.status !== 'analyzed').length, n: rows.length, burstP50: quantile(burstLat, 0.5), burstP95: quantile(burstLat, 0.95) };
    }
    await db.end();

    const figures = {
      townships: gen.townships,
      stale_since: staleSince,
      counties: gen.counties,
      townships_per_county: townsPerCounty,
      report_years: gen.reportYears.length,
      checklist_items: Number(sizes.items),
      evidence_rows: Number(sizes.evidence),
      database_size: sizes.size as string,
      generate_s: round(gen.seconds),
      reminder_run_s: round(first.value.ms / 1000),
      reminder_notifications: first.value.value?.inserted ?? null,
      reminder_recomputed_township_years: recomputed,
      reminder_second_run_inserted: second.value?.inserted ?? null,
      // The same reminder (deadline, due date, stage, recipient, channel) recorded twice over the two runs. The second run
      // may add reminders of its own: the first run's recompute re-judges the generated data, which moves some deadlines.
      reminder_duplicates: dupRows,
      worker_peak_mb: round(first.peakMb, 0),
      // CPU milliseconds per township in the first run: what the run costs whatever else shares the machine.
      reminder_cpu_ms_per_township_workers: round((runCpu.workers * 1000) / gen.townships, 2),
      reminder_cpu_ms_per_township_postgres: round((runCpu.postgres * 1000) / gen.townships, 2),
      // The same for the second run, an ordinary day's steady state: every reminder due is already recorded.
      reminder_second_run_s: round(second.ms / 1000),
      reminder_second_run_cpu_ms_per_township_workers: round((secondCpu.workers * 1000) / gen.townships, 2),
      reminder_second_run_cpu_ms_per_township_postgres: round((secondCpu.postgres * 1000) / gen.townships, 2),
      ingest_uploads: ingest.n,
      ingest_workers: workers,
      ingest_concurrency: concurrency,
      ingest_per_s: round(ingest.perSec),
      ingest_p50_s: round(ingest.p50, 2),
      ingest_p95_s: round(ingest.p95, 2),
      ingest_failed: ingest.failed,
      ingest_evidence_files_per_report: evidencePerReport,
      // CPU milliseconds per submission during the burst (the bench's own polling backend included in postgres).
      ingest_cpu_ms_api: round(cpu.api, 1),
      ingest_cpu_ms_workers: round(cpu.workers, 1),
      ingest_cpu_ms_postgres: round(cpu.postgres, 1),
      // Upload of a township's first file → its checklist last recomputed, over the townships of the burst.
      ingest_township_p50_s: round(ingest.burstP50, 2),
      ingest_township_p95_s: round(ingest.burstP95, 2),
      matrix_p50_ms: round(quantile(matrixMs, 0.5), 0),
      matrix_p95_ms: round(quantile(matrixMs, 0.95), 0),
      matrix_kb: round(quantile(matrixBytes, 0.5) / 1024, 0),
      township_year_p50_ms: round(quantile(yearMs, 0.5), 0),
      township_year_p95_ms: round(quantile(yearMs, 0.95), 0),
      findings_p95_ms: round(quantile(findingsMs, 0.95), 0),
      xlsx_s: round(quantile(xlsxMs, 0.95) / 1000, 2),
    };
    const out = json ? process.stderr : process.stdout;
    out.write(`
  bench:scale — ${figures.townships} townships in ${figures.counties} counties (avg ${figures.townships_per_county}), ${figures.report_years} report years
    data: ${figures.checklist_items} checklist items, ${figures.evidence_rows} evidence rows, ${figures.database_size}, generated in ${figures.generate_s} s
    reminder run (all townships)       ${figures.reminder_run_s} s, ${figures.reminder_recomputed_township_years} township-years recomputed (stale since ${staleSince}), ${figures.reminder_notifications} notifications; second run added ${figures.reminder_second_run_inserted} new; same reminder twice: ${figures.reminder_duplicates}
    worker peak RSS during the run     ${figures.worker_peak_mb} MB
    reminder run CPU per township      workers ${figures.reminder_cpu_ms_per_township_workers} ms, PostgreSQL ${figures.reminder_cpu_ms_per_township_postgres} ms (second run ${figures.reminder_second_run_s} s: workers ${figures.reminder_second_run_cpu_ms_per_township_workers} ms, PostgreSQL ${figures.reminder_second_run_cpu_ms_per_township_postgres} ms)
    ingest (${figures.ingest_uploads} uploads, ${workers} worker(s), ${concurrency} concurrent)  ${figures.ingest_per_s} submissions/s, p50 ${figures.ingest_p50_s} s, p95 ${figures.ingest_p95_s} s, ${figures.ingest_failed} failed; a township's files → checklist p50 ${figures.ingest_township_p50_s} s, p95 ${figures.ingest_township_p95_s} s
    ingest CPU per submission          api ${figures.ingest_cpu_ms_api} ms, workers ${figures.ingest_cpu_ms_workers} ms, PostgreSQL ${figures.ingest_cpu_ms_postgres} ms
    county matrix                      p50 ${figures.matrix_p50_ms} ms, p95 ${figures.matrix_p95_ms} ms (${figures.matrix_kb} KB)
    township year                      p50 ${figures.township_year_p50_ms} ms, p95 ${figures.township_year_p95_ms} ms
    findings page (county, open)       p95 ${figures.findings_p95_ms} ms
    county XLSX                        p95 ${figures.xlsx_s} s
`);
    if (json) console.log(JSON.stringify(figures));
  } finally {
    await apps?.stop();
    redisConn.disconnect();
    if (!process.argv.includes('--keep')) await servers.stop();
    else log(`kept database ${servers.databaseUrl}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
