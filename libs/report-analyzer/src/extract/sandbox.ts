// A child Node process that runs one kind of parser job at a time, under a heap cap and a deadline, so a hostile file
// can only kill that child: the job fails with a typed AnalyzerError and the next job gets a fresh child.
// A child process, not a worker thread: a worker thread's heap limit is not a hard wall (one large allocation past it
// aborts the whole host process, as a 95 MB document.xml showed), while a child's out-of-memory abort ends only it.
// The child runs plain CommonJS source given as a string (no transpiling under jest, tsx or a build). It is reused
// between jobs (loading a parser costs time), unref'd while idle so it never keeps the host alive, and ended after
// IDLE_MS. Messages use structured clone ('advanced' serialization), so byte arrays cross without JSON.
import { spawn, type ChildProcess } from 'child_process';
import { AnalyzerError } from '../errors';

export interface SandboxJobOptions {
  /** Deadline for the job; the child is killed past it. */
  timeoutMs: number;
  /** Heap cap of the child (V8 old generation), in MB. */
  heapMb: number;
}

/** What the child's source must do: answer each `{ id, ... }` message with `process.send({ id, ... })`. */
export interface SandboxFailureWords {
  /** "The PDF", "The document": the subject of error messages. */
  subject: string;
  /** Turns a crash of the child that is not an out-of-memory abort into an error (the file made the parser crash). */
  crashed: (detail: string) => Error;
}

const IDLE_MS = 30_000;
const STDERR_TAIL = 4096;

interface Job<R> {
  id: number;
  message: Record<string, unknown>;
  opts: SandboxJobOptions;
  onProgress?: (progress: unknown) => void;
  resolve: (reply: R) => void;
  reject: (e: unknown) => void;
}

interface Child {
  proc: ChildProcess;
  heapMb: number;
  stderrTail: string;
}

export class Sandbox<R extends { id: number }> {
  private child: Child | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly queue: Job<R>[] = [];
  private running: Job<R> | undefined;

  constructor(
    private readonly source: string,
    private readonly words: SandboxFailureWords,
  ) {}

  /**
   * Sends `message` (plus an id) to the child and resolves with its reply. Rejects with AnalyzerError or `crashed`.
   * Messages `{ id, progress }` from the child before its reply go to `onProgress`.
   */
  run(message: Record<string, unknown>, opts: SandboxJobOptions, onProgress?: (progress: unknown) => void): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, message, opts, onProgress, resolve, reject });
      this.pump();
    });
  }

  /** Jobs waiting or running (a pool hands the next job to the least loaded sandbox). */
  get load(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Ends the child (tests, graceful shutdown). A later job starts a new one. */
  async close(): Promise<void> {
    const current = this.child;
    this.child = undefined;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (current) await killChild(current);
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const { subject } = this.words;
    let c: Child;
    try {
      c = this.ensureChild(job.opts.heapMb);
    } catch (e) {
      this.finish(job, () =>
        job.reject(new AnalyzerError('EXTRACTION_FAILED', `The reader of ${subject} could not start: ${String(e)}`, false)),
      );
      return;
    }
    setRef(c, true);
    c.stderrTail = '';
    const timer = setTimeout(() => {
      cleanup();
      void this.discardChild(c);
      this.finish(job, () =>
        job.reject(
          new AnalyzerError('TOO_LARGE', `${subject} took over ${job.opts.timeoutMs} ms to read (too large or too complex).`),
        ),
      );
    }, job.opts.timeoutMs);
    const onMessage = (reply: R) => {
      if (reply.id !== job.id) return;
      if ('progress' in reply) {
        try {
          job.onProgress?.((reply as { progress: unknown }).progress);
        } catch {
          // a failing progress listener must not lose the job
        }
        return;
      }
      cleanup();
      this.finish(job, () => job.resolve(reply));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      if (this.child === c) this.child = undefined;
      const outOfMemory = /heap out of memory|Allocation failed|heap limit/i.test(c.stderrTail);
      this.finish(job, () =>
        job.reject(
          outOfMemory
            ? new AnalyzerError('TOO_LARGE', `${subject} needs more than ${job.opts.heapMb} MB of memory to read.`)
            : signal === 'SIGKILL' || signal === 'SIGTERM'
              ? new AnalyzerError('EXTRACTION_FAILED', `The reader of ${subject} was stopped (${signal}).`, false)
              : this.words.crashed(`the reader crashed (exit ${code ?? signal})`),
        ),
      );
    };
    const onError = (err: Error) => {
      cleanup();
      void this.discardChild(c);
      this.finish(job, () =>
        job.reject(new AnalyzerError('EXTRACTION_FAILED', `The reader of ${subject} could not start: ${err.message}`, false)),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      c.proc.off('message', onMessage);
      c.proc.off('exit', onExit);
      c.proc.off('error', onError);
    };
    c.proc.on('message', onMessage);
    c.proc.once('exit', onExit);
    c.proc.once('error', onError);
    try {
      c.proc.send({ ...job.message, id: job.id });
    } catch (e) {
      cleanup();
      void this.discardChild(c);
      this.finish(job, () =>
        job.reject(new AnalyzerError('EXTRACTION_FAILED', `${subject} could not be handed to its reader: ${String(e)}`, false)),
      );
    }
  }

  private finish(job: Job<R>, settle: () => void): void {
    if (this.running !== job) return;
    this.running = undefined;
    settle();
    if (this.child) setRef(this.child, false);
    this.scheduleIdleClose();
    this.pump();
  }

  private ensureChild(heapMb: number): Child {
    const current = this.child;
    if (current && current.heapMb === heapMb && current.proc.exitCode === null && current.proc.signalCode === null) {
      return current;
    }
    if (current) void this.discardChild(current);
    const proc = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '-e', this.source], {
      // Parser warnings must not reach the host's stdout (the CLI prints JSON there); stderr is kept to tell an
      // out-of-memory abort from other crashes.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? '' },
    });
    const c: Child = { proc, heapMb, stderrTail: '' };
    proc.stderr!.on('data', (chunk: Buffer) => {
      c.stderrTail = (c.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    proc.on('error', () => undefined); // spawn failures are reported to the running job's own listener
    this.child = c;
    return c;
  }

  private async discardChild(c: Child): Promise<void> {
    if (this.child === c) this.child = undefined;
    await killChild(c);
  }

  private scheduleIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.running || this.queue.length > 0 || !this.child) return;
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }
}

/** An idle child must not keep the host process alive. */
function setRef(c: Child, ref: boolean): void {
  const channel = (c.proc as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  for (const h of [c.proc, c.proc.stderr, channel]) {
    const handle = h as { ref?: () => void; unref?: () => void } | null | undefined;
    if (!handle) continue;
    if (ref) handle.ref?.();
    else handle.unref?.();
  }
}

function killChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return Promise.resolve();
  // Waiting for the exit of an unref'd child would not keep the event loop alive: the host could end mid-await.
  setRef(c, true);
  return new Promise((resolve) => {
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGKILL');
  });
}
