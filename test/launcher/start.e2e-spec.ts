import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../scripts/launcher/free-port';

// `npm start` is one of the two commands a newcomer runs: boot it for real (embedded PostgreSQL, private Redis,
// api + worker processes, seed reports through the upload path), stop it with Ctrl-C, and start it again on the same
// data directory.
jest.setTimeout(600_000);

const root = path.join(__dirname, '..', '..');

interface Run {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Ctrl-C to the run's process group (if it is still there). */
function interrupt(run: Run): void {
  try {
    process.kill(-run.proc.pid!, 'SIGINT');
  } catch {
    /* already gone */
  }
}

function launch(dataDir: string, port: number): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD: 'demo-pass-1234' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'DEMO_MODE', 'JWT_SECRET', 'NODE_ENV']) delete env[k];
  // `npm start` in a process group of its own, as a terminal runs it; Ctrl-C is SIGINT to that group.
  const proc = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d.toString()));
  proc.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, output: () => out, exited };
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(run.output())) return;
    if (run.proc.exitCode !== null) throw new Error(`npm start exited early:\n${run.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${run.output().slice(-4000)}`);
}

/** The process and all its descendants, read from /proc (children of every thread). */
function processTree(pid: number): number[] {
  const out = [pid];
  let children: string[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
  } catch {
    /* gone */
  }
  for (const c of children) out.push(...processTree(Number(c)));
  return out;
}
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSafe(`/proc/${pid}/status`));
const readFileSafe = (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
};
const commandOf = (pid: number) => readFileSafe(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
/** What a stop must not print: clients that lost their server before they were closed. */
const CONNECTION_ERRORS = /ECONNREFUSED|ECONNRESET|Connection is closed|Connection terminated|connect ETIMEDOUT/;

/** The embedded database of a started run (its port is in the start log; the password is the launcher's fixed one). */
async function query<T>(run: Run, sql: string, params: unknown[] = []): Promise<T[]> {
  const port = /embedded PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:(\d+)\//.exec(run.output())![1];
  const client = new Client({ host: '127.0.0.1', port: Number(port), user: 'postgres', password: 'fazhi-embedded', database: 'fazhi' });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** npm itself ends by the signal; what matters is that the launcher stopped everything it started. */
async function expectCleanStop(run: Run, dataDir: string, by: NodeJS.Signals = 'SIGINT'): Promise<void> {
  const { code, signal } = await run.exited;
  expect(code === 0 || signal === by).toBe(true);
  // The launcher (in the same process group) may still be stopping servers after npm has gone.
  for (let i = 0; i < 60 && !/\[start\] stopped/.test(run.output()); i++) await new Promise((r) => setTimeout(r, 500));
  expect(run.output()).toMatch(/\[start\] stopped/);
  expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
}

describe('npm start (embedded default)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fz-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('comes up healthy with the demo county analysed, stops on Ctrl-C, and reuses its data on the next start', async () => {
    const port = await freePort(3400);
    let rejected = '';
    const first = launch(dataDir, port);
    try {
      await waitFor(first, /Fazhi Checklist is running/, 420_000);
      expect(first.output()).toMatch(/initialising embedded PostgreSQL/);
      const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
      // All five seed reports analysed, each with a scored checklist.
      expect(first.output().match(/\banalyzed\s+score \d/g)?.length).toBe(5);
      expect(first.output()).toMatch(/Password\s+demo-pass-1234/);
      // Seeded directly: nobody logged in, every seed report is a system entry.
      expect(await query(first, `SELECT action, count(*)::int AS n FROM audit_log GROUP BY 1 ORDER BY 1`)).toEqual([
        { action: 'submission.seed_demo', n: 5 },
        { action: 'user.create_demo', n: 7 },
      ]);
      // A person's work on the demo: the auditor rejects an item of 金马镇's checklist.
      const base = `http://127.0.0.1:${port}`;
      const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password: 'demo-pass-1234' }) })).json() as { accessToken: string };
      const [item] = await query<{ id: string }>(first, `SELECT ci.id FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id JOIN townships t ON t.id = c.township_id WHERE t.name = '金马镇' AND ci.status = 'auto_evidenced' ORDER BY ci.obligation_id LIMIT 1`);
      const patch = await fetch(`${base}/api/checklist-items/${item.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify({ action: 'reject', reason: '演示驳回' }) });
      expect(patch.status).toBe(200);
      rejected = item.id;
    } finally {
      interrupt(first);
    }
    await expectCleanStop(first, dataDir);
    expect(first.output().slice(first.output().indexOf('[start] stopping'))).not.toMatch(CONNECTION_ERRORS);

    const second = launch(dataDir, port);
    let tree: number[] = [];
    try {
      await waitFor(second, /Fazhi Checklist is running/, 300_000);
      expect(second.output()).not.toMatch(/initialising embedded PostgreSQL/);
      expect(second.output().match(/\banalyzed\s+score \d/g)?.length).toBe(5);
      // The restart seeded nothing again and changed nothing a person did.
      expect(second.output()).not.toMatch(/seeded \d+ demo reports/);
      expect(await query(second, `SELECT action, count(*)::int AS n FROM audit_log GROUP BY 1 ORDER BY 1`)).toEqual([
        { action: 'auth.login', n: 1 },
        { action: 'checklist_item.reject', n: 1 },
        { action: 'submission.seed_demo', n: 5 },
        { action: 'user.create_demo', n: 7 },
      ]);
      expect(await query(second, `SELECT status, decision_reason FROM checklist_items WHERE id = $1`, [rejected])).toEqual([{ status: 'rejected', decision_reason: '演示驳回' }]);
      expect(await query(second, `SELECT count(*)::int AS n FROM submissions`)).toEqual([{ n: 5 }]);

      // The worker dies (SIGKILL, as the OOM killer does): it is started again, the api never goes away.
      const worker = processTree(second.proc.pid!).find((p) => commandOf(p).includes('dist/apps/worker/src/main.js'))!;
      expect(worker).toBeDefined();
      process.kill(worker, 'SIGKILL');
      const killedAt = Date.now();
      let restarted: number | undefined;
      while (!restarted && Date.now() - killedAt < 10_000) {
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
        await new Promise((r) => setTimeout(r, 250));
        restarted = processTree(second.proc.pid!).find((p) => p !== worker && commandOf(p).includes('dist/apps/worker/src/main.js'));
      }
      expect(restarted).toBeDefined();
      expect(second.output()).toMatch(new RegExp(`worker \\(pid ${worker}\\) exited unexpectedly \\(SIGKILL\\); restarting`));
      // Back to work: its heartbeat is fresh again.
      const health = async () => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { worker?: { lastHeartbeat?: string } };
      const until = Date.now() + 10_000;
      while (Date.now() < until && !(Date.parse((await health()).worker?.lastHeartbeat ?? '') > killedAt)) await new Promise((r) => setTimeout(r, 250));
      expect(Date.parse((await health()).worker?.lastHeartbeat ?? '')).toBeGreaterThan(killedAt);
      tree = processTree(second.proc.pid!);
    } finally {
      // A process manager or `docker stop`: SIGTERM to the npm process alone, not its group.
      second.proc.kill('SIGTERM');
    }
    const stoppedBy = Date.now() + 10_000;
    while (Date.now() < stoppedBy && tree.some(alive)) await new Promise((r) => setTimeout(r, 200));
    expect(tree.filter(alive).map((p) => `${p} ${commandOf(p)}`)).toEqual([]);
    await expectCleanStop(second, dataDir, 'SIGTERM');
    const stopLog = second.output().slice(second.output().indexOf('[start] stopping'));
    expect(stopLog).not.toMatch(CONNECTION_ERRORS);
    expect(stopLog.split('\n').length).toBeLessThan(20);
  });
});
