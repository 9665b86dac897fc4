import { createServer } from 'node:net';

/** The one line the launcher stops with when the api's port is taken (a previous stack still running, or another program). */
export const portTakenMessage = (port: number) =>
  `port ${port} is already in use (a Fazhi Checklist started earlier, or another program, is listening there): stop it, or start on another port with PORT, e.g. PORT=${port + 1} npm start`;

export class PortTakenError extends Error {
  constructor(readonly port: number) {
    super(portTakenMessage(port));
    this.name = 'PortTakenError';
  }
}

/**
 * Throws PortTakenError unless the api could listen on `port`. Binds as the api does (`app.listen(port)`: every
 * address, IPv6 and IPv4), which also conflicts with a server on 127.0.0.1 only.
 */
export async function assertPortFree(port: number): Promise<void> {
  const free = await new Promise<boolean>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' || e.code === 'EACCES' ? resolve(false) : reject(e)));
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
  if (!free) throw new PortTakenError(port);
}

/** What the launcher needs of a started api or worker process. */
export interface StartedChild {
  name: string;
  pid: number | undefined;
  exitCode: number | null;
  /** When the current process was started (ms since the epoch). */
  startedAt: number;
}

interface HealthBody {
  pid?: number;
  worker?: { status?: string; lastHeartbeat?: string };
}

/**
 * Until the api's /health answers from `api` itself (its body names the process id) and, with `worker`, reports a
 * heartbeat of a worker started since. An answer from another process — an api of an earlier run still on the port —
 * never counts: if our api then exits (it could not listen), the port is named as the cause.
 */
export async function waitForHealth(port: number, api: StartedChild, opts: { worker?: StartedChild; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  const waitingFor = opts.worker ?? api;
  let foreign: number | null = null;
  while (Date.now() < deadline) {
    for (const child of [api, waitingFor]) {
      if (child.exitCode === null) continue;
      if (child === api && foreign !== null) throw new PortTakenError(port);
      throw new Error(`the ${child.name} exited with code ${child.exitCode} during start-up`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      const body = (await res.json().catch(() => ({}))) as HealthBody;
      if (body.pid !== api.pid) foreign = body.pid ?? -1;
      else if (res.ok && (!opts.worker || (body.worker?.status === 'up' && Date.parse(body.worker.lastHeartbeat ?? '') >= opts.worker.startedAt))) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (foreign !== null) throw new PortTakenError(port);
  throw new Error(`the ${waitingFor.name} did not become healthy within ${timeoutMs / 1000}s`);
}
