import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '@app/persistence';
import { freePort } from '../../scripts/launcher/free-port';
import { databaseUrlFor, newRunId, TEST_PG_ADMIN_URL } from '../support/test-env';
import { buildWorker } from '../worker/worker-process';

jest.setTimeout(900_000);

/**
 * What the container image runs: the compiled dist/ with the production dependency set alone (`npm ci
 * --omit=dev`, as the Dockerfile's `npm prune --omit=dev` leaves it). Both apps must boot from it against this
 * run's PostgreSQL and Redis — a run-time import of a devDependency (as `yaml` once was) fails here.
 */
describe('the production dependency set', () => {
  const root = repoRoot();
  const dir = mkdtempSync(path.join(tmpdir(), 'fz-prod-'));
  const dbName = `fz_prod_${newRunId()}`;
  const procs: ChildProcess[] = [];
  let out = '';

  beforeAll(async () => {
    buildWorker(); // builds all of dist/, api included
    for (const f of ['package.json', 'package-lock.json', 'dist', 'seeds']) cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'pipe', timeout: 600_000, env: { ...process.env, NODE_ENV: 'production' } });
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
  }, 900_000);

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no devDependency in it, and boots the api and the worker from it', async () => {
    expect(() => require.resolve('jest', { paths: [dir] })).toThrow();
    expect(require.resolve('yaml', { paths: [dir] }).startsWith(path.join(dir, 'node_modules'))).toBe(true);

    const port = await freePort(3600);
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrlFor(dbName),
      REDIS_URL: process.env.TEST_REDIS_URL,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}_prod`,
      JWT_SECRET: 'p'.repeat(48),
      DATA_DIR: path.join(dir, 'data'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    const start = (app: 'api' | 'worker') => {
      const p = spawn(process.execPath, [`dist/apps/${app}/src/main.js`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      p.stdout!.on('data', (d) => (out += `[${app}] ${d}`));
      p.stderr!.on('data', (d) => (out += `[${app}] ${d}`));
      procs.push(p);
      return p;
    };
    const health = async () => {
      try {
        return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string; database: string; redis: string; worker?: { status: string } };
      } catch {
        return null;
      }
    };
    const until = async (what: string, ok: (h: Awaited<ReturnType<typeof health>>) => boolean) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const h = await health();
        if (ok(h)) return h;
        if (procs.some((p) => p.exitCode !== null)) throw new Error(`${what}: a process exited\n${out.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`${what}: timed out (${JSON.stringify(h)})\n${out.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    };

    start('api');
    expect(await until('api healthy', (h) => h?.database === 'up' && h?.redis === 'up')).toMatchObject({ database: 'up', redis: 'up' });
    start('worker');
    expect(await until('worker up', (h) => h?.worker?.status === 'up')).toMatchObject({ status: 'ok', worker: { status: 'up' } });
    expect(out).not.toMatch(/Cannot find module/);
  });
});
