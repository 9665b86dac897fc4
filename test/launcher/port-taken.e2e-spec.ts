import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { portTakenMessage } from '../../scripts/launcher/api-port';
import { freePort } from '../../scripts/launcher/free-port';
import { close, fakeApi } from './fake-api';

jest.setTimeout(120_000);

describe('npm start with its port taken', () => {
  it('stops at once with the one line, before starting any database', async () => {
    const port = await freePort(3900);
    const earlier = await fakeApi(1, '127.0.0.1', port);
    const root = path.resolve(__dirname, '../..');
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'fz-port-')), 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'DEMO_MODE', 'JWT_SECRET']) delete env[k];
    // The launcher from source (no build needed: it stops before any compiled app would start).
    const proc = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d.toString()));
    proc.stderr!.on('data', (d) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    await close(earlier);
    expect(code).toBe(1);
    expect(out).toContain(`[start] ${portTakenMessage(port)}\n`);
    expect(out).not.toMatch(/PostgreSQL|Redis/);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });
});
