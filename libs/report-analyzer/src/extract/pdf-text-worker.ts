// Runs pdf.js (through unpdf) in a worker thread. Two reasons:
//  - unpdf's CommonJS entry loads its pdf.js bundle with a dynamic import() of an .mjs file, which jest's CommonJS
//    sandbox cannot run (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG); a worker is a plain Node context where it works,
//    under jest, tsx and compiled builds alike.
//  - a crafted PDF can make pdf.js spin or balloon; a worker can be terminated on a deadline and has its own heap cap,
//    the main thread cannot be interrupted.
// One worker is kept and reused (loading pdf.js costs ~200 ms); jobs run one at a time so a deadline only ever kills
// the job that caused it. The worker is unref'd while idle and ended after IDLE_MS, so it never keeps a process alive.
import { Worker } from 'worker_threads';
import { AnalyzerError } from '../errors';

/** One text item: [str, x, y, width, fontSize, hasEOL]. Arrays keep the message small for big documents. */
export type PdfTextItem = [string, number, number, number, number, boolean];

export interface PdfTextLayer {
  numPages: number;
  /** Text items per page, in content-stream order. */
  pages: PdfTextItem[][];
}

export interface PdfJobOptions {
  maxPages: number;
  timeoutMs: number;
}

const IDLE_MS = 30_000;
const WORKER_HEAP_MB = 1024;

// Plain CommonJS so it needs no transpiling; `require` is available to eval'd worker code.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const { getDocumentProxy } = require(workerData.unpdfPath);
// pdf.js can reject internal promises after a broken document was destroyed; they must not kill the worker.
process.on('unhandledRejection', () => {});
parentPort.on('message', async ({ id, data, maxPages }) => {
  let doc;
  try {
    doc = await getDocumentProxy(data, {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    });
    const numPages = doc.numPages;
    if (numPages > maxPages) {
      parentPort.postMessage({ id, tooManyPages: numPages });
      return;
    }
    const pages = [];
    for (let i = 1; i <= numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) {
        if (typeof it.str !== 'string') continue;
        const t = it.transform;
        const size = Math.hypot(t[2], t[3]) || it.height || 0;
        items.push([it.str, t[4], t[5], it.width || 0, size, !!it.hasEOL]);
      }
      pages.push(items);
      page.cleanup();
    }
    parentPort.postMessage({ id, numPages, pages });
  } catch (e) {
    parentPort.postMessage({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  } finally {
    if (doc) doc.destroy().catch(() => {});
  }
});
`;

type WorkerReply =
  | { id: number; numPages: number; pages: PdfTextItem[][] }
  | { id: number; tooManyPages: number }
  | { id: number; error: { name: string; message: string } };

interface Job {
  id: number;
  data: Uint8Array;
  opts: PdfJobOptions;
  resolve: (layer: PdfTextLayer) => void;
  reject: (e: unknown) => void;
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const queue: Job[] = [];
let running: Job | undefined;

/** pdf.js's text layer of every page. Rejects with AnalyzerError only. */
export function readPdfTextLayer(bytes: Uint8Array, opts: PdfJobOptions): Promise<PdfTextLayer> {
  return new Promise((resolve, reject) => {
    // A copy in a fresh ArrayBuffer, transferred to the worker. Not bytes.slice(): on a Buffer that is a view, often
    // into Node's shared pool, and transferring it would detach memory other Buffers use.
    queue.push({ id: nextId++, data: new Uint8Array(bytes), opts, resolve, reject });
    pump();
  });
}

/** Ends the worker (tests, graceful shutdown). A later call starts a new one. */
export async function closePdfWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (idleTimer) clearTimeout(idleTimer);
  if (w) await w.terminate();
}

function pump(): void {
  if (running || queue.length === 0) return;
  const job = queue.shift()!;
  running = job;
  if (idleTimer) clearTimeout(idleTimer);
  let w: Worker;
  try {
    w = ensureWorker();
  } catch (e) {
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The PDF reader could not start: ${String(e)}`, false)),
    );
    return;
  }
  w.ref();
  const timer = setTimeout(() => {
    // Kill the stuck worker; the next job gets a fresh one.
    cleanup();
    void discardWorker(w);
    finish(job, () =>
      job.reject(
        new AnalyzerError('TOO_LARGE', `The PDF took over ${job.opts.timeoutMs} ms to read (too large or too complex).`),
      ),
    );
  }, job.opts.timeoutMs);
  const onMessage = (reply: WorkerReply) => {
    if (reply.id !== job.id) return;
    cleanup();
    finish(job, () => settle(job, reply));
  };
  const onExit = (code: number) => {
    // Exit without an 'error' event: the worker was terminated from outside (closePdfWorker) mid-job.
    cleanup();
    if (worker === w) worker = undefined;
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The PDF reader stopped (exit code ${code}).`, false)),
    );
  };
  const onError = (err: Error) => {
    cleanup();
    void discardWorker(w);
    const code = (err as NodeJS.ErrnoException).code ?? '';
    let error: AnalyzerError;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      error = new AnalyzerError('TOO_LARGE', 'The PDF needs more memory than allowed to read.');
    } else if (code === 'MODULE_NOT_FOUND' || code === 'ERR_WORKER_INIT_FAILED') {
      // The reader itself is broken, not the file: worth a retry after a fix or redeploy.
      error = new AnalyzerError('EXTRACTION_FAILED', `The PDF reader could not start: ${err.message}`, false);
    } else {
      error = new AnalyzerError('CORRUPT_PDF', `The PDF crashed the reader: ${err.message}`);
    }
    finish(job, () => job.reject(error));
  };
  const cleanup = () => {
    clearTimeout(timer);
    w.off('message', onMessage);
    w.off('exit', onExit);
    w.off('error', onError);
  };
  w.on('message', onMessage);
  w.once('exit', onExit);
  w.once('error', onError);
  try {
    w.postMessage({ id: job.id, data: job.data, maxPages: job.opts.maxPages }, [job.data.buffer as ArrayBuffer]);
  } catch (e) {
    cleanup();
    finish(job, () =>
      job.reject(new AnalyzerError('EXTRACTION_FAILED', `The PDF could not be handed to the reader: ${String(e)}`, false)),
    );
  }
}

function settle(job: Job, reply: WorkerReply): void {
  if ('error' in reply) {
    const { name, message } = reply.error;
    if (name === 'PasswordException') {
      job.reject(
        new AnalyzerError('PASSWORD_PROTECTED', 'The PDF is password-protected and cannot be read.', true, '加密的 PDF 文件'),
      );
    } else {
      job.reject(new AnalyzerError('CORRUPT_PDF', `The PDF cannot be read: ${message}`));
    }
  } else if ('tooManyPages' in reply) {
    job.reject(
      new AnalyzerError('TOO_LARGE', `The PDF has ${reply.tooManyPages} pages; at most ${job.opts.maxPages} are read.`),
    );
  } else {
    job.resolve({ numPages: reply.numPages, pages: reply.pages });
  }
}

function finish(job: Job, settleJob: () => void): void {
  if (running !== job) return;
  running = undefined;
  settleJob();
  if (worker) worker.unref();
  scheduleIdleClose();
  pump();
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { unpdfPath: require.resolve('unpdf') },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: true, // pdf.js warnings must not reach the host's stdout (the CLI prints JSON there)
    stderr: true,
  });
  w.stdout.resume();
  w.stderr.resume();
  worker = w;
  return w;
}

async function discardWorker(w: Worker): Promise<void> {
  if (worker === w) worker = undefined;
  await w.terminate().catch(() => undefined);
}

function scheduleIdleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  if (running || queue.length > 0 || !worker) return;
  idleTimer = setTimeout(() => void closePdfWorker(), IDLE_MS);
  idleTimer.unref();
}
