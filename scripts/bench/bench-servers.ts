import { Client } from 'pg';
import Redis from 'ioredis';
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
export async function startBenchServers(dataDir: string, log: (m: string) => void): Promise<BenchServers> {
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
  await admin.query(`CREATE DATABASE "${name}"`);
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
