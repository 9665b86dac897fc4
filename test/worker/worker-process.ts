import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '@app/persistence';
import { testEnv } from './worker-harness';

export const WORKER_MAIN = 'dist/apps/worker/src/main.js';

/**
 * Compiles the repository into dist/ (tsc + tsc-alias, as `npm run build`). The steps run one by one so a type error
 * elsewhere in the monorepo (tsc still emits) does not keep the worker from being built.
 */
export function buildWorker(): void {
  const root = repoRoot();
  const run = (cmd: string) => execSync(cmd, { cwd: root, stdio: 'pipe', timeout: 240_000 });
  try {
    run('npx tsc -p tsconfig.build.json');
  } catch (e) {
    if (!existsSync(path.join(root, WORKER_MAIN))) throw e;
  }
  run('npx tsc-alias -p tsconfig.build.json');
  cpSync(path.join(root, 'libs/report-analyzer/lexicon'), path.join(root, 'dist/libs/report-analyzer/lexicon'), { recursive: true });
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `node dist/apps/worker/src/main.js` with this run's database, Redis and queue prefix. */
export function spawnWorker(prefix: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_MAIN], {
    cwd: repoRoot(),
    env: { ...process.env, ...testEnv(prefix, { LOG_LEVEL: 'warn', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** ANALYZER_VERSION as the compiled worker reports it. */
export function builtAnalyzerVersion(): string {
  const out = execSync(`${JSON.stringify(process.execPath)} -e "process.stdout.write(require('./dist/libs/report-analyzer/src').ANALYZER_VERSION)"`, { cwd: repoRoot() });
  return out.toString();
}
