import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ChildService {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

/** Runs one compiled app (api or worker) as its own process, prefixing its output with its name. */
export function startChild(root: string, name: 'api' | 'worker', env: NodeJS.ProcessEnv, opts: { quiet?: boolean } = {}): ChildService {
  const entry = path.join(root, 'dist', 'apps', name, 'src', 'main.js');
  // Its own process group: a Ctrl-C reaches only the launcher, which stops worker, api and servers in order.
  const proc = spawn(process.execPath, ['--enable-source-maps', entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { name, proc, exited };
}

/** SIGTERM, then SIGKILL after a grace period. */
export async function stopChild(child: ChildService, graceMs = 10_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
