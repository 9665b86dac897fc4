/**
 * `npm start`: the whole system on one machine with nothing installed by hand. Without DATABASE_URL / REDIS_URL it
 * boots an embedded PostgreSQL (data under DATA_DIR, reused by the next start) and a private redis-server, starts
 * the compiled api and worker as their own processes (`npm start` builds first), loads the template and the demo
 * county with its seed reports (directly, once per data directory), and prints where to look.
 *
 * Two processes, so that a stop is orderly however it is asked for. The front process (the one npm runs, in the
 * terminal's process group) only relays signals; the supervisor (its own process group, so a terminal's Ctrl-C
 * reaches no server directly) owns every server and child. On SIGINT, SIGTERM or SIGHUP — Ctrl-C, `docker stop`, a
 * process manager, or npm passing on either — it stops in order: the api stops taking requests, the worker finishes
 * or hands back its jobs, then Redis, then PostgreSQL, within 10 s. A second Ctrl-C forces (SIGKILL to everything).
 * If the front process dies, the supervisor notices its parent is gone and stops too. A child that dies on its own
 * (crash, SIGKILL, OOM) is started again with backoff while the rest keeps running.
 */
import { spawn } from 'node:child_process';
import { loadConfigOrExit } from '@app/config';
import { repoRoot } from '@app/persistence/seeding/seed-files';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './launcher/embedded-postgres';
import { RedisBinaryMissingError, startEmbeddedRedis, type EmbeddedRedis } from './launcher/embedded-redis';
import { persistentSecret, randomToken } from './launcher/local-secrets';
import { SupervisedChild } from './launcher/child-services';
import { assertPortFree, PortTakenError, waitForHealth } from './launcher/api-port';
import { seedDemoReports } from './launcher/demo-reports';

const SUPERVISOR_ENV = 'FAZHI_LAUNCHER_SUPERVISOR';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Grace per step of the stop; together well under 10 s. */
const API_GRACE_MS = 3000;
const WORKER_GRACE_MS = 5000;
/** npm passes on the terminal's Ctrl-C that the launcher also received: a repeat this soon is the same Ctrl-C. */
const SAME_SIGNAL_MS = 1000;

const log = (m: string) => console.log(`[start] ${m}`);

/** The front process: starts the supervisor in its own process group and passes every stop signal on. */
function front(): void {
  const supervisor = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, [SUPERVISOR_ENV]: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  for (const signal of SIGNALS) process.on(signal, () => supervisor.exitCode === null && supervisor.kill(signal));
  supervisor.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function supervise(): Promise<void> {
  const config = loadConfigOrExit();
  const root = repoRoot();
  let api: SupervisedChild | null = null;
  let worker: SupervisedChild | null = null;
  let redis: EmbeddedRedis | null = null;
  let db: EmbeddedDatabase | null = null;
  let stopping = false;
  let firstSignalAt = 0;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    const step = async (what: string, fn: () => Promise<void>) => fn().catch((e) => log(`while stopping ${what}: ${(e as Error).message}`));
    if (api) await step('the api', () => api!.stop(API_GRACE_MS));
    if (worker) await step('the worker', () => worker!.stop(WORKER_GRACE_MS));
    if (redis) await step('Redis', () => redis!.stop());
    if (db) await step('PostgreSQL', () => db!.stop());
    log('stopped');
    process.exit(code);
  };
  const force = () => {
    log('forced stop');
    api?.kill();
    worker?.kill();
    process.exit(130);
  };
  // embedded-postgres and redis-memory-server install exit hooks that stop their server and exit the process at
  // once, racing the orderly stop. Ours replace theirs (installed again after each server started).
  const takeOverSignals = () => {
    for (const signal of SIGNALS) {
      process.removeAllListeners(signal);
      process.on(signal, () => {
        if (!stopping) {
          firstSignalAt = Date.now();
          void stop(0);
        } else if (Date.now() - firstSignalAt > SAME_SIGNAL_MS) {
          force();
        }
      });
    }
  };
  takeOverSignals();
  // The front process gone (killed, or its terminal closed): nobody can stop us any more, so stop now.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

  try {
    // Before anything starts: an api left running on the port would answer in our api's place.
    await assertPortFree(config.port);
    const embedded = !config.databaseUrl && !config.redisUrl;
    let databaseUrl = config.databaseUrl;
    let redisUrl = config.redisUrl;
    if (!databaseUrl) {
      db = await startEmbeddedPostgres(config.dataDir, log);
      databaseUrl = db.url;
      log(`embedded PostgreSQL at ${db.url.replace(/:[^:@/]+@/, ':***@')}`);
    }
    takeOverSignals();
    if (stopping) return;
    if (!redisUrl) {
      redis = await startEmbeddedRedis();
      redisUrl = redis.url;
      log(`embedded Redis at ${redis.url}`);
    }
    takeOverSignals();
    if (stopping) return;

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
      // The children write into pipes the launcher relays: readable lines (coloured) when a person watches the
      // launcher's terminal, JSON lines without ANSI codes when its output goes to a file or another program.
      LOG_FORMAT: config.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : config.logFormat,
      ...(process.stdout.isTTY && config.logFormat !== 'json' ? { FORCE_COLOR: '1' } : {}),
      ...(demo ? { DEMO_PASSWORD: demoPassword } : {}),
    };
    delete env[SUPERVISOR_ENV];

    api = new SupervisedChild(root, 'api', env, log);
    const base = `http://127.0.0.1:${config.port}`;
    await waitForHealth(config.port, api);
    if (stopping) return;
    worker = new SupervisedChild(root, 'worker', env, log);
    await waitForHealth(config.port, api, { worker });
    if (stopping) return;

    if (demo) {
      const summaries = await seedDemoReports(config, { databaseUrl, redisUrl }, log);
      console.log('\n  Seed reports (township, year, analysis, checklist):');
      for (const s of summaries) {
        const detail = s.score !== undefined ? `score ${s.score}, ${s.evidenced}/${s.items} obligations evidenced` : '';
        console.log(`    ${s.township.padEnd(6, '　')} ${s.year}  ${s.status.padEnd(9)} ${detail}`);
      }
    }
    if (stopping) return;

    console.log(`
  Fazhi Checklist is running.
    Web app        ${base}/   (open this in a browser)
    API            ${base}/api
    Health         ${base}/health
    API docs       ${base}/docs
    Queues (admin) ${base}/admin/queues
    Data           ${config.dataDir}
${demo ? `    Demo accounts  auditor, admin, jinma, huangbai, chadian, aotou, wanxing
    Password       ${demoPassword}   (DEMO_PASSWORD overrides; kept in ${config.dataDir}/demo-password)
` : ''}  Press Ctrl-C to stop.
`);
  } catch (e) {
    if (stopping) return;
    if (e instanceof RedisBinaryMissingError) console.error(`\n${e.message}\n`);
    else if (e instanceof PortTakenError) console.error(`[start] ${e.message}`);
    else console.error(`[start] ${(e as Error).stack ?? e}`);
    await stop(1);
  }
}

if (process.env[SUPERVISOR_ENV]) void supervise();
else front();
