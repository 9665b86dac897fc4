/**
 * `npm start`: the whole system on one machine with nothing installed by hand. Without DATABASE_URL / REDIS_URL it
 * boots an embedded PostgreSQL (data under DATA_DIR, reused by the next start) and a private redis-server, starts
 * the compiled api and worker as their own processes (`npm start` builds first), loads the template and the demo county, submits the five seed
 * reports through the normal upload path, and prints where to look. Ctrl-C stops everything.
 */
import { loadConfigOrExit } from '@app/config';
import { repoRoot } from '@app/persistence/seeding/seed-files';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './launcher/embedded-postgres';
import { RedisBinaryMissingError, startEmbeddedRedis, type EmbeddedRedis } from './launcher/embedded-redis';
import { persistentSecret, randomToken } from './launcher/local-secrets';
import { startChild, stopChild, type ChildService } from './launcher/child-services';
import { submitSeedReports } from './launcher/seed-submissions';

const log = (m: string) => console.log(`[start] ${m}`);

async function waitForHealth(base: string, api: ChildService, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.proc.exitCode !== null) throw new Error(`the api exited with code ${api.proc.exitCode} during start-up`);
    try {
      const res = await fetch(new URL('/health', base));
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the api did not become healthy within ${timeoutMs / 1000}s`);
}

async function main() {
  const config = loadConfigOrExit();
  const root = repoRoot();
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => log(`while stopping: ${(e as Error).message}`));
    log('stopped');
    process.exit(code);
  };
  // embedded-postgres and redis-memory-server install exit hooks that stop their server and exit the process at once,
  // racing our orderly stop (the api would be orphaned). Ours replace theirs; we stop their servers ourselves.
  const takeOverSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(0));
    }
  };
  takeOverSignals();

  try {
    const embedded = !config.databaseUrl && !config.redisUrl;
    let databaseUrl = config.databaseUrl;
    let redisUrl = config.redisUrl;
    if (!databaseUrl) {
      const db: EmbeddedDatabase = await startEmbeddedPostgres(config.dataDir, log);
      stops.push(() => db.stop());
      databaseUrl = db.url;
      log(`embedded PostgreSQL at ${db.url.replace(/:[^:@/]+@/, ':***@')}`);
    }
    if (!redisUrl) {
      const redis: EmbeddedRedis = await startEmbeddedRedis();
      stops.push(() => redis.stop());
      redisUrl = redis.url;
      log(`embedded Redis at ${redis.url}`);
    }

    takeOverSignals();

    // Demo mode is the embedded default; with your own servers it is opt-in (DEMO_MODE=true).
    const demo = config.demo.enabled || embedded;
    const demoPassword = config.demo.password ?? persistentSecret(config.dataDir, 'demo-password', () => randomToken(9));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      DATA_DIR: config.dataDir,
      JWT_SECRET: config.jwt.secret ?? persistentSecret(config.dataDir, 'jwt-secret', () => randomToken(48)),
      DEMO_MODE: String(demo),
      ...(demo ? { DEMO_PASSWORD: demoPassword } : {}),
    };

    const api = startChild(root, 'api', env);
    stops.push(() => stopChild(api));
    const base = `http://127.0.0.1:${config.port}`;
    await waitForHealth(base, api);
    const worker = startChild(root, 'worker', env);
    stops.push(() => stopChild(worker));
    for (const child of [api, worker]) {
      void child.exited.then((code) => {
        if (!stopping) {
          log(`${child.name} exited unexpectedly (code ${code})`);
          void shutdown(1);
        }
      });
    }

    if (demo) {
      const summaries = await submitSeedReports(base, demoPassword, log);
      console.log('\n  Seed reports (township, year, analysis, checklist):');
      for (const s of summaries) {
        const detail = s.score !== undefined ? `score ${s.score}, ${s.evidenced}/${s.items} obligations evidenced` : '';
        console.log(`    ${s.township.padEnd(6, '　')} ${s.year}  ${s.status.padEnd(9)} ${detail}`);
      }
    }

    console.log(`
  Fazhi Checklist is running.
    Web app        ${base}/   (open this in a browser)
    API            ${base}/api
    Health         ${base}/health
    API docs       ${base}/docs
    Queues (admin) ${base}/admin/queues
${demo ? `    Demo accounts  auditor, admin, jinma, huangbai, chadian, aotou, wanxing
    Password       ${demoPassword}   (DEMO_PASSWORD overrides; kept in ${config.dataDir}/demo-password)
` : ''}  Press Ctrl-C to stop.
`);
  } catch (e) {
    if (e instanceof RedisBinaryMissingError) console.error(`\n${e.message}\n`);
    else console.error(`[start] ${(e as Error).stack ?? e}`);
    await shutdown(1);
  }
}

void main();
