// Runs pdf.js (through unpdf) in a sandboxed child process (sandbox.ts). Two reasons:
//  - unpdf's CommonJS entry loads its pdf.js bundle with a dynamic import() of an .mjs file, which jest's CommonJS
//    sandbox cannot run (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG); a child is a plain Node context where it works,
//    under jest, tsx and compiled builds alike.
//  - a crafted PDF can make pdf.js spin or balloon; the child is killed on a deadline and has its own heap cap, and
//    its out-of-memory abort ends only the child (a worker thread's heap cap can abort the whole host process).
// One child is kept and reused (loading pdf.js costs ~200 ms); jobs run one at a time so a deadline only ever kills
// the job that caused it. The child is unref'd while idle and ended after a while, so it never keeps a process alive.
import { AnalyzerError } from '../errors';
import { Sandbox } from './sandbox';

/** One text item: [str, x, y, width, fontSize, hasEOL]. Arrays keep the message small for big documents. */
export type PdfTextItem = [string, number, number, number, number, boolean];

export interface PdfTextLayer {
  numPages: number;
  /** Text items per page, in content-stream order. */
  pages: PdfTextItem[][];
  /**
   * Pages (1-based) whose text layer holds fewer than `imageCheckBelowHan` Han characters and that paint an image:
   * candidates for OCR (see pdf-page-plan.ts). Pages with more text are not checked (an operator list costs time).
   */
  imagePages?: number[];
}

export interface PdfJobOptions {
  maxPages: number;
  timeoutMs: number;
  /** Pages with fewer Han characters than this are checked for images (0: none are). */
  imageCheckBelowHan?: number;
}

const CHILD_HEAP_MB = 1024;

// Plain CommonJS so it needs no transpiling; `require` is available to `node -e` code.
const CHILD_SOURCE = `
// pdf.js can reject internal promises after a broken document was destroyed; they must not kill the child.
process.on('unhandledRejection', () => {});
let getDocumentProxy;
let imageOps;
const HAN = /\\p{Script=Han}/gu;
process.on('message', async ({ id, data, maxPages, unpdfPath, imageCheckBelowHan }) => {
  let doc;
  try {
    if (!getDocumentProxy) getDocumentProxy = require(unpdfPath).getDocumentProxy;
    if (!imageOps) {
      const { OPS } = await require(unpdfPath).getResolvedPDFJS();
      imageOps = new Set(Object.entries(OPS).filter(([name]) => /^paint.*Image/.test(name)).map(([, code]) => code));
    }
    // Buffers arrive as Buffers; pdf.js wants a plain Uint8Array.
    doc = await getDocumentProxy(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    });
    const numPages = doc.numPages;
    if (numPages > maxPages) {
      process.send({ id, tooManyPages: numPages });
      return;
    }
    const pages = [];
    const imagePages = [];
    for (let i = 1; i <= numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const items = [];
      let han = 0;
      for (const it of content.items) {
        if (typeof it.str !== 'string') continue;
        const t = it.transform;
        const size = Math.hypot(t[2], t[3]) || it.height || 0;
        items.push([it.str, t[4], t[5], it.width || 0, size, !!it.hasEOL]);
        han += (it.str.match(HAN) || []).length;
      }
      pages.push(items);
      if (han < (imageCheckBelowHan || 0)) {
        const ops = await page.getOperatorList();
        if (ops.fnArray.some((op) => imageOps.has(op))) imagePages.push(i);
      }
      page.cleanup();
    }
    process.send({ id, numPages, pages, imagePages });
  } catch (e) {
    process.send({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  } finally {
    if (doc) doc.destroy().catch(() => {});
  }
});
`;

type Reply =
  | { id: number; numPages: number; pages: PdfTextItem[][]; imagePages: number[] }
  | { id: number; tooManyPages: number }
  | { id: number; error: { name: string; message: string } };

const sandbox = new Sandbox<Reply>(CHILD_SOURCE, {
  subject: 'The PDF',
  crashed: (detail) => new AnalyzerError('CORRUPT_PDF', `The PDF crashed the reader: ${detail}`),
});

/** pdf.js's text layer of every page. Rejects with AnalyzerError only. */
export async function readPdfTextLayer(bytes: Uint8Array, opts: PdfJobOptions): Promise<PdfTextLayer> {
  const reply = await sandbox.run(
    { data: bytes, maxPages: opts.maxPages, unpdfPath: require.resolve('unpdf'), imageCheckBelowHan: opts.imageCheckBelowHan ?? 0 },
    { timeoutMs: opts.timeoutMs, heapMb: CHILD_HEAP_MB },
  );
  if ('error' in reply) {
    const { name, message } = reply.error;
    if (name === 'PasswordException') {
      throw new AnalyzerError('PASSWORD_PROTECTED', 'The PDF is password-protected and cannot be read.', true, '加密的 PDF 文件');
    }
    throw new AnalyzerError('CORRUPT_PDF', `The PDF cannot be read: ${message}`);
  }
  if ('tooManyPages' in reply) {
    throw new AnalyzerError('TOO_LARGE', `The PDF has ${reply.tooManyPages} pages; at most ${opts.maxPages} are read.`);
  }
  return { numPages: reply.numPages, pages: reply.pages, imagePages: reply.imagePages };
}

/** Ends the child (tests, graceful shutdown). A later call starts a new one. */
export function closePdfWorker(): Promise<void> {
  return sandbox.close();
}
