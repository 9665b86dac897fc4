import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildService {
  name: string;
  proc: ChildProcess;
  exited: Promise<ChildExit>;
}

/** Runs one compiled app (api or worker) as its own process, prefixing its output with its name. */
export function startChild(root: string, name: 'api' | 'worker', env: NodeJS.ProcessEnv, opts: { quiet?: boolean; nodeArgs?: string[] } = {}): ChildService {
  const entry = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  // Its own process group: a terminal's Ctrl-C reaches only the launcher, which stops everything in order.
  const proc = spawn(process.execPath, ['--enable-source-maps', ...(opts.nodeArgs ?? []), entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const prefix = `[${name}] `;
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buf = '';
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
  };
  if (opts.quiet) proc.stdout!.resume();
  else relay(proc.stdout!, process.stdout);
  relay(proc.stderr!, process.stderr);
  const exited = new Promise<ChildExit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return { name, proc, exited };
}

const isRunning = (child: ChildService) => child.proc.exitCode === null && child.proc.signalCode === null;

/** SIGTERM, then SIGKILL after a grace period. */
export async function stopChild(child: ChildService, graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => isRunning(child) && child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Restart delays: 1 s, 2 s, 4 s … up to 30 s; a child that ran a minute starts again at 1 s. */
export function restartDelayMs(restartsInARow: number): number {
  return Math.min(30_000, 1000 * 2 ** restartsInARow);
}

/**
 * A child that is started again when it dies on its own (a crash, SIGKILL, the OOM killer), with backoff, and
 * stopped for good only by stop(). Each death and restart is logged.
 */
export class SupervisedChild {
  current: ChildService;
  /** When the current process was started (ms since the epoch). */
  startedAt = 0;
  private stopping = false;
  private restartsInARow = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly root: string,
    readonly name: 'api' | 'worker',
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (m: string) => void,
    private readonly opts: { quiet?: boolean } = {},
  ) {
    this.current = this.launch();
  }

  get pid(): number | undefined {
    return this.current.proc.pid;
  }

  /** The current process's exit code (null while it runs or is being restarted). */
  get exitCode(): number | null {
    return this.current.proc.exitCode;
  }

  private launch(): ChildService {
    const child = startChild(this.root, this.name, this.env, this.opts);
    const startedAt = (this.startedAt = Date.now());
    void child.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      if (Date.now() - startedAt > 60_000) this.restartsInARow = 0;
      const delay = restartDelayMs(this.restartsInARow++);
      this.log(`${this.name} (pid ${child.proc.pid}) exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`);
      this.timer = setTimeout(() => {
        if (this.stopping) return;
        this.current = this.launch();
        this.log(`${this.name} restarted (pid ${this.current.proc.pid})`);
      }, delay);
    });
    return child;
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await stopChild(this.current, graceMs);
  }

  kill(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (isRunning(this.current)) this.current.proc.kill('SIGKILL');
  }
}
