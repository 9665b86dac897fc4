/**
 * `npm run bench:import`: the api's peak memory while it checks and imports a county's past reports from a ~45 MB ZIP
 * (BENCH_IMPORT_MB changes the size). The compiled api runs as its own process; its peak resident set (VmHWM) is reset
 * before each request and read after it, so the figure is the request's own peak, next to the api's resident set at
 * rest measured in the same run (before the first request). The ZIP is sent by curl from a file, so the client holds none of it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadDemoCounty, repoRoot, seedReportPath } from '@app/persistence/seeding/seed-files';
import { writeZip, type ZipEntryInput } from '../../test/support/zip-writer';
import { apiJson as api } from '../launcher/api-client';
import { startBenchApps, startBenchServers, type BenchApps } from './bench-servers';

const run = promisify(execFile);
const log = (m: string) => console.log(`[bench:import] ${m}`);
const PASSWORD = 'bench-password-1';
const MB = 1024 * 1024;

/** A process's resident set now and at its peak since the last reset, in MB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
/** Writing 5 to clear_refs resets VmHWM to the current resident set. */
const resetPeak = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, '5');

async function main() {
  const root = repoRoot();
  const targetMb = Number(process.env.BENCH_IMPORT_MB ?? 45);
  const work = path.join(root, 'data', 'bench', `import-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  const servers = await startBenchServers(`${root}/data/bench`, log);
  let apps: BenchApps | undefined;
  try {
    apps = await startBenchApps(root, servers, { name: 'fzimport', portFrom: 3700, filesRoot: work, env: { DEMO_MODE: 'true', DEMO_PASSWORD: PASSWORD } });
    const demo = loadDemoCounty();
    const { accessToken: token } = await api<{ accessToken: string }>(apps.base, '/api/auth/login', { method: 'POST', body: JSON.stringify({ username: demo.auditor.username, password: PASSWORD }) });
    const me = await api<{ countyId: string }>(apps.base, '/api/me', { token });

    // One report per township and past year, each a seed report padded to an equal share of the target size (text,
    // so each is checked by content like any upload), plus the manifest.
    const years = [2022, 2023, 2024, 2025];
    const pairs = demo.townships.flatMap((t) => years.map((year) => ({ name: t.name, year })));
    const share = Math.floor((targetMb * MB) / pairs.length);
    const base = readFileSync(seedReportPath(demo.townships[0].seedReport.file));
    const entries: ZipEntryInput[] = pairs.map((p, i) => {
      const head = Buffer.from(`${p.name}${p.year}年法治政府建设年度报告（第 ${i} 份）\n`, 'utf8');
      const body = Buffer.concat(Array.from({ length: Math.ceil(share / base.length) }, () => base)).subarray(0, share - head.length);
      return { name: `历史报告/${p.name}${p.year}.txt`, data: Buffer.concat([head, body]) };
    });
    const csv = ['乡镇,年度,文件名,报送日期,公开日期', ...pairs.map((p) => `${p.name},${p.year},${p.name}${p.year}.txt,${p.year + 1}-01-20,${p.year + 1}-01-25`)].join('\r\n');
    entries.unshift({ name: '清单.csv', data: Buffer.from(csv, 'utf8') });
    const zipPath = path.join(work, '历史报告.zip');
    writeFileSync(zipPath, writeZip(entries));
    entries.length = 0;
    const zipMb = statSync(zipPath).size / MB;
    log(`${pairs.length} reports, ZIP ${zipMb.toFixed(1)} MB`);

    const pid = apps.api.proc.pid!;
    const send = async (dryRun: boolean) => {
      resetPeak(pid);
      const before = memoryOf(pid).rss;
      const url = `${apps!.base}/api/counties/${me.countyId}/report-imports${dryRun ? '?dryRun=true' : ''}`;
      const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', '-H', `authorization: Bearer ${token}`, '-F', `file=@${zipPath};type=application/zip`, url], { maxBuffer: 64 * MB });
      const status = stdout.slice(stdout.lastIndexOf('\n') + 1);
      const body = JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n')));
      if (!status.startsWith('2')) throw new Error(`import answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
      return { before, peak: memoryOf(pid).peak, counts: body.counts as Record<string, number> };
    };
    const dry = await send(true);
    const real = await send(false);
    console.log(`
  import of a ${zipMb.toFixed(1)} MB ZIP (${pairs.length} reports), api process resident set
    at rest before the check             ${dry.before.toFixed(0)} MB
    peak during the check (dry run)      ${dry.peak.toFixed(0)} MB  (+${(dry.peak - dry.before).toFixed(0)} MB, ${((dry.peak - dry.before) / zipMb).toFixed(2)}× the ZIP)
    peak during the import               ${real.peak.toFixed(0)} MB  (+${(real.peak - dry.before).toFixed(0)} MB over rest, ${((real.peak - dry.before) / zipMb).toFixed(2)}× the ZIP; ${real.before.toFixed(0)} MB when it began)
    rows                                 check ${JSON.stringify(dry.counts)}, import ${JSON.stringify(real.counts)}
`);
  } finally {
    await apps?.stop();
    await servers.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
