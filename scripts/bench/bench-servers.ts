import { rmSync } from 'node:fs';
import { Client } from 'pg';
import Redis from 'ioredis';
import { startChild, stopChild, type ChildService } from '../launcher/child-services';
import { freePort } from '../launcher/free-port';
import { startEmbeddedPostgres } from '../launcher/embedded-postgres';
import { startEmbeddedRedis } from '../launcher/embedded-redis';

export interface BenchServers {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  return check().then(() => true, () => false);
}

/**
 * A scratch database on the machine's PostgreSQL (as the tests use) or, when none answers, the embedded one; the
 * machine's Redis or a private one. Everything the bench makes is dropped at the end.
 */
export async function startBenchServers(dataDir: string, log: (m: string) => void, opts: { copyOf?: string } = {}): Promise<BenchServers> {
  const stops: (() => Promise<void>)[] = [];
  let adminUrl = PG_ADMIN;
  const pgUp = await reachable(async () => {
    const c = new Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
    await c.connect();
    await c.end();
  });
  if (!pgUp) {
    const db = await startEmbeddedPostgres(dataDir, log);
    stops.push(() => db.stop());
    const u = new URL(db.url);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  }
  const name = `fz_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  // A copy of a kept database (CREATE DATABASE … TEMPLATE) starts a bench from the same data without generating it.
  await admin.query(opts.copyOf ? `CREATE DATABASE "${name}" TEMPLATE "${opts.copyOf.replace(/"/g, '')}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  stops.unshift(async () => {
    const a = new Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await a.end();
  });
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;

  let redisUrl = REDIS;
  const redisUp = await reachable(async () => {
    const r = new Redis(REDIS, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
    await r.connect();
    await r.ping();
    r.disconnect();
  });
  if (!redisUp) {
    const redis = await startEmbeddedRedis();
    stops.push(() => redis.stop());
    redisUrl = redis.url;
  }
  return {
    databaseUrl: u.toString(),
    redisUrl,
    stop: async () => {
      for (const s of stops) await s().catch((e) => log(`cleanup: ${(e as Error).message}`));
    },
  };
}

export interface BenchApps {
  /** http://127.0.0.1:PORT of the api. */
  base: string;
  queuePrefix: string;
  api: ChildService;
  workers: ChildService[];
  /** Starts n more worker processes on the same database, Redis and queue prefix. */
  startWorkers(n: number): ChildService[];
  /** Stops the processes (workers first), then deletes the queue keys and the stored files. */
  stop(): Promise<void>;
}

/** Extra node flags for worker processes, e.g. BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile them. */
const workerNodeArgs = () => (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * The compiled api (waited for until healthy) on a free port from `portFrom`, on the bench servers, with its own
 * queue prefix and file directory under `filesRoot`; workers are started with `startWorkers` when the bench wants them.
 * `env` adds to (or overrides) the production-like defaults.
 */
export async function startBenchApps(
  root: string,
  servers: BenchServers,
  opts: { name: string; portFrom: number; filesRoot: string; env?: NodeJS.ProcessEnv },
): Promise<BenchApps> {
  const queuePrefix = `${opts.name}_${Date.now()}`;
  const filesDir = `${opts.filesRoot}/files-${queuePrefix}`;
  const port = await freePort(opts.portFrom);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: servers.databaseUrl,
    REDIS_URL: servers.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    DEMO_MODE: 'false',
    JWT_SECRET: 'b'.repeat(48),
    JWT_ACCESS_TTL: '1h',
    FILE_STORAGE_DIR: filesDir,
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const children: ChildService[] = [];
  const workers: ChildService[] = [];
  const stop = async () => {
    for (const c of children.reverse()) await stopChild(c);
    children.length = 0;
    const redis = new Redis(servers.redisUrl, { maxRetriesPerRequest: null });
    let cursor = '0';
    do {
      const [n, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
      cursor = n;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    rmSync(filesDir, { recursive: true, force: true });
  };
  const api = startChild(root, 'api', env, { quiet: true });
  children.push(api);
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (api.proc.exitCode !== null) throw new Error('the api exited during start-up');
      if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
      if (i > 600) throw new Error('the api did not become healthy');
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    base,
    queuePrefix,
    api,
    workers,
    startWorkers(n) {
      const started = Array.from({ length: n }, () => startChild(root, 'worker', env, { quiet: true, nodeArgs: workerNodeArgs() }));
      children.push(...started);
      workers.push(...started);
      return started;
    },
    stop,
  };
}
