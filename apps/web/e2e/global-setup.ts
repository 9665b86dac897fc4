import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../scripts/launcher/free-port';

const root = path.resolve(__dirname, '../../..');
export const DEMO_PASSWORD = 'demo-pass-1234';

/**
 * Starts the whole system as `npm start` does (the compiled launcher: embedded PostgreSQL, a private Redis, api and
 * worker processes, the demo county, the five seed reports analysed) on a fresh data directory and a free port, and
 * stops it with Ctrl-C afterwards. FZ_BASE_URL points the tests at a stack that is already running instead.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.FZ_BASE_URL) return;
  if (!existsSync(path.join(root, 'dist', 'scripts', 'start.js')) || !existsSync(path.join(root, 'dist', 'web', 'index.html')))
    throw new Error('build first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fz-web-'));
  const port = await freePort(3600);
  // The suite signs in as the same demo accounts dozens of times a minute (faster than a person could on a quiet
  // machine); the login limit itself is tested in the api's e2e tests.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DEMO_PASSWORD, LOGIN_RATE_LIMIT: '1000' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'DEMO_MODE', 'JWT_SECRET', 'NODE_ENV']) delete env[k];
  const proc = spawn(process.execPath, ['--enable-source-maps', 'dist/scripts/start.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d.toString()));
  proc.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const deadline = Date.now() + 300_000;
  while (!/Fazhi Checklist is running/.test(out)) {
    if (proc.exitCode !== null) throw new Error(`the stack exited during start-up:\n${out.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`the stack did not start within 300 s:\n${out.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  process.env.FZ_BASE_URL = `http://127.0.0.1:${port}`;
  return async () => {
    try {
      process.kill(-proc.pid!, 'SIGINT');
    } catch {
      /* gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    // The launcher stops PostgreSQL after npm's process: give it a moment, then remove the data.
    for (let i = 0; i < 40 && !/\[start\] stopped/.test(out); i++) await new Promise((r) => setTimeout(r, 250));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
