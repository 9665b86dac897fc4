// Runs the document parsers that build a whole document in memory (mammoth for .docx, word-extractor for .doc/.wps) in
// a child process with a heap cap and a deadline, so a hostile file that slips under the size guards can only kill
// that process: the job fails with a typed AnalyzerError and the next job gets a fresh child. A child process, not a
// worker thread: a worker thread's heap limit is not a hard wall (one large allocation past it aborts the whole host
// process, as a 95 MB document.xml showed), while a child's out-of-memory abort ends only the child.
// Same design as pdf-text-worker.ts otherwise: plain CommonJS source (no transpiling under jest, tsx or a build), one
// child reused, one job at a time so a deadline only ever kills the job that caused it, unref'd while idle and ended
// after IDLE_MS.
import { spawn, type ChildProcess } from 'child_process';
import { AnalyzerError } from '../errors';

export type DocumentJobKind = 'docx-html' | 'word97-text';

export interface DocumentJobOptions {
  /** Deadline for the job; the child is killed past it. */
  timeoutMs: number;
  /** Heap cap of the child (V8 old generation), in MB. */
  heapMb: number;
}

const IDLE_MS = 30_000;
const STDERR_TAIL = 4096;

const CHILD_SOURCE = `
process.on('unhandledRejection', () => {});
async function run(kind, buffer, paths) {
  if (kind === 'docx-html') {
    const mammoth = require(paths.mammoth);
    const result = await mammoth.convertToHtml(
      { buffer },
      // Images are never read (mammoth would otherwise inline them as base64 data URIs).
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    return result.value;
  }
  if (kind === 'word97-text') {
    const WordExtractor = require(paths.wordExtractor);
    const doc = await new WordExtractor().extract(buffer);
    return doc.getBody();
  }
  throw new Error('unknown job kind ' + kind);
}
process.on('message', async ({ id, kind, data, paths }) => {
  try {
    const value = await run(kind, Buffer.from(data.buffer, data.byteOffset, data.byteLength), paths);
    process.send({ id, value });
  } catch (e) {
    process.send({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  }
});
`;

type Reply = { id: number; value: string } | { id: number; error: { name: string; message: string } };

/** What the caller turns into its own AnalyzerError (CORRUPT_DOCX, CORRUPT_DOC, …): the parser threw on the file. */
export class DocumentParseError extends Error {
  constructor(readonly parserName: string, message: string) {
    super(message);
    this.name = 'DocumentParseError';
  }
}

interface Job {
  id: number;
  kind: DocumentJobKind;
  data: Uint8Array;
  opts: DocumentJobOptions;
  resolve: (value: string) => void;
  reject: (e: unknown) => void;
}

interface Child {
  proc: ChildProcess;
  heapMb: number;
  stderrTail: string;
}

let child: Child | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const queue: Job[] = [];
let running: Job | undefined;

/**
 * The parser's output for `bytes`. Rejects with DocumentParseError when the parser throws on the file, or with an
 * AnalyzerError: TOO_LARGE (heap cap or deadline), EXTRACTION_FAILED (the child could not start).
 */
export function runDocumentJob(kind: DocumentJobKind, bytes: Uint8Array, opts: DocumentJobOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, kind, data: bytes, opts, resolve, reject });
    pump();
  });
}

/** Ends the child (tests, graceful shutdown). A later job starts a new one. */
export async function closeDocumentWorker(): Promise<void> {
  const current = child;
  child = undefined;
  if (idleTimer) clearTimeout(idleTimer);
  if (current) await killChild(current);
}

const PATHS = () => ({ mammoth: require.resolve('mammoth'), wordExtractor: require.resolve('word-extractor') });

function pump(): void {
  if (running || queue.length === 0) return;
  const job = queue.shift()!;
  running = job;
  if (idleTimer) clearTimeout(idleTimer);
  let c: Child;
  try {
    c = ensureChild(job.opts.heapMb);
  } catch (e) {
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The document parser could not start: ${String(e)}`, false)),
    );
    return;
  }
  setRef(c, true);
  c.stderrTail = '';
  const timer = setTimeout(() => {
    cleanup();
    void discardChild(c);
    finish(job, () =>
      job.reject(
        new AnalyzerError('TOO_LARGE', `The document took over ${job.opts.timeoutMs} ms to parse (too large or too complex).`),
      ),
    );
  }, job.opts.timeoutMs);
  const onMessage = (reply: Reply) => {
    if (reply.id !== job.id) return;
    cleanup();
    finish(job, () =>
      'error' in reply
        ? job.reject(new DocumentParseError(reply.error.name, reply.error.message))
        : job.resolve(reply.value),
    );
  };
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    cleanup();
    if (child === c) child = undefined;
    const outOfMemory = /heap out of memory|Allocation failed/i.test(c.stderrTail);
    finish(job, () =>
      job.reject(
        outOfMemory
          ? new AnalyzerError('TOO_LARGE', `The document needs more than ${job.opts.heapMb} MB of memory to parse.`)
          : signal === 'SIGKILL' || signal === 'SIGTERM'
            ? new AnalyzerError('EXTRACTION_FAILED', `The document parser was stopped (${signal}).`, false)
            : new DocumentParseError('Crash', `the parser crashed (exit ${code ?? signal})`),
      ),
    );
  };
  const onError = (err: Error) => {
    cleanup();
    void discardChild(c);
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The document parser could not start: ${err.message}`, false)),
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
    c.proc.send({ id: job.id, kind: job.kind, data: job.data, paths: PATHS() });
  } catch (e) {
    cleanup();
    void discardChild(c);
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The document could not be handed to the parser: ${String(e)}`, false)),
    );
  }
}

function finish(job: Job, settle: () => void): void {
  if (running !== job) return;
  running = undefined;
  settle();
  if (child) setRef(child, false);
  scheduleIdleClose();
  pump();
}

function ensureChild(heapMb: number): Child {
  if (child && child.heapMb === heapMb && child.proc.exitCode === null && child.proc.signalCode === null) return child;
  if (child) void discardChild(child);
  const proc = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '-e', CHILD_SOURCE], {
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
  child = c;
  return c;
}

/** An idle child must not keep the host process alive. */
function setRef(c: Child, ref: boolean): void {
  const handles = [c.proc, c.proc.stderr, (c.proc as unknown as { channel?: { ref(): void; unref(): void } }).channel];
  for (const h of handles) {
    if (h && typeof (h as { ref?: unknown }).ref === 'function') {
      if (ref) (h as { ref(): void }).ref();
      else (h as { unref(): void }).unref();
    }
  }
}

async function discardChild(c: Child): Promise<void> {
  if (child === c) child = undefined;
  await killChild(c);
}

function killChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGKILL');
  });
}

function scheduleIdleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  if (running || queue.length > 0 || !child) return;
  idleTimer = setTimeout(() => void closeDocumentWorker(), IDLE_MS);
  idleTimer.unref();
}
