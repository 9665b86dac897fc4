// PDF → plain text from the text layer (pdf.js through unpdf, in a worker: see pdf-text-worker.ts).
// pdf.js hands out positioned text runs, not lines. Lines are rebuilt from y positions; then the visual line wraps of
// a paragraph are joined (a line that reaches the right margin continues on the next line unless that one is indented,
// a heading, or set in another size), so a sentence broken by the page layout can still be quoted as one string.
// Spaces pdf.js puts between Chinese and digits ("共 8 名") are left to normalizeText.
import { AnalyzerError } from '../errors';
import { type PdfTextItem, type PdfTextLayer, readPdfTextLayer } from './pdf-text-worker';

export interface PdfLimits {
  maxPages: number;
  timeoutMs: number;
}

/** Acrobat requires %%EOF within the last 1024 bytes; a file without it was cut off in transfer. */
const EOF_WINDOW = 1024;
/** Below this many letters/digits per page on average, the pages are images: a scan. */
const MIN_WORD_CHARS_PER_PAGE = 30;
const MIN_WORD_CHARS = 50;

export async function pdfToText(bytes: Uint8Array, limits: PdfLimits): Promise<string> {
  return pdfLayerToText(await readPdf(bytes, limits));
}

/** The text layer of a complete PDF with at least one page (`imageCheckBelowHan`: see PdfJobOptions). */
export async function readPdf(bytes: Uint8Array, limits: PdfLimits & { imageCheckBelowHan?: number }): Promise<PdfTextLayer> {
  assertNotTruncated(bytes);
  const layer = await readPdfTextLayer(bytes, limits);
  if (layer.numPages === 0) throw new AnalyzerError('CORRUPT_PDF', 'The PDF has no pages.');
  return layer;
}

/** The document's text from its text layer; SCANNED_PDF when the layer is missing or garbage. */
export function pdfLayerToText(layer: PdfTextLayer): string {
  assertHasTextLayer(layer);
  return rebuildPdfText(layer);
}

function assertNotTruncated(bytes: Uint8Array): void {
  // Trailing whitespace and NUL padding (some scanners and mail gateways add it) do not count towards the window.
  const padding = new Set([0x00, 0x09, 0x0a, 0x0d, 0x20]);
  let end = bytes.length;
  while (end > 0 && padding.has(bytes[end - 1])) end--;
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, end).subarray(-EOF_WINDOW);
  if (tail.indexOf('%%EOF', 0, 'latin1') < 0) {
    throw new AnalyzerError('CORRUPT_PDF', 'The PDF is truncated (no %%EOF at its end); upload the complete file.');
  }
}

const WORD_CHAR = /[\p{Script=Han}\p{L}\p{N}]/gu;
// What a broken text layer decodes to: replacement characters, private-use glyph codes, controls.
const GARBLED_CHAR = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F]/g;

function assertHasTextLayer(layer: PdfTextLayer): void {
  let words = 0;
  let garbled = 0;
  for (const page of layer.pages) {
    for (const [str] of page) {
      words += str.match(WORD_CHAR)?.length ?? 0;
      garbled += str.match(GARBLED_CHAR)?.length ?? 0;
    }
  }
  if (words < MIN_WORD_CHARS || words < layer.numPages * MIN_WORD_CHARS_PER_PAGE || garbled > words) {
    throw new AnalyzerError(
      'SCANNED_PDF',
      `The PDF has no usable text layer (${words} characters on ${layer.numPages} page(s)): it looks like a scan ` +
        '(扫描件) and needs OCR before it can be analysed.',
    );
  }
}

interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

interface PageLines {
  lines: Line[];
  left: number;
  right: number;
  /** Several lines end at the right edge: it is a real text margin, so reaching it means the line wrapped. */
  marginConfirmed: boolean;
  /** Median font size of the page's lines. */
  size: number;
}

/** Lines that must end at the right edge before it counts as a margin (a title page or a one-liner has none). */
const MIN_LINES_AT_MARGIN = 3;
/** A wrapped line is at least this many characters wide (ems); narrower "full" lines are table cells or columns. */
const MIN_WRAPPED_LINE_EMS = 10;

/** Pages joined by a blank line, unless a paragraph visibly runs on across the page break. */
export function rebuildPdfText(layer: PdfTextLayer): string {
  const pages = layer.pages.map((items) => pageLines(items));
  // A short last page has too few full lines to confirm its margin; the same right edge confirmed on another page
  // of the document does.
  const confirmedRights = pages.filter((p) => p.marginConfirmed).map((p) => p.right);
  for (const p of pages) {
    if (!p.marginConfirmed) p.marginConfirmed = confirmedRights.some((r) => Math.abs(r - p.right) <= p.size * 1.5);
  }
  const out: string[] = [];
  let prev: { line: Line; page: PageLines } | undefined;
  for (const page of pages) {
    const paragraphs = joinWraps(page);
    if (paragraphs.length === 0) continue;
    if (prev && continuesOnNextLine(prev.line, prev.page, page.lines[0], page)) {
      out[out.length - 1] += joinGlue(out[out.length - 1], paragraphs[0]) + paragraphs[0];
      out.push(...paragraphs.slice(1));
    } else {
      if (out.length > 0) out.push('');
      out.push(...paragraphs);
    }
    prev = { line: page.lines[page.lines.length - 1], page };
  }
  return out.join('\n');
}

/** Groups a page's text items into lines by baseline, dropping page-number lines at the top and bottom. */
function pageLines(items: PdfTextItem[]): PageLines {
  const lines: Line[] = [];
  let cur: (Line & { parts: string[] }) | undefined;
  for (const [str, x, y, width, rawSize] of items) {
    if (str === '') continue; // pdf.js end-of-line markers; baselines decide lines here
    const size = rawSize > 0 ? rawSize : 10;
    if (cur && Math.abs(y - cur.y) <= Math.min(cur.size, size) * 0.5) {
      const gap = x - cur.right;
      const last = cur.parts[cur.parts.length - 1];
      // A visible gap between runs is a space pdf.js did not emit (table columns, justified Latin text).
      if (gap > size * 0.25 && !/\s$/.test(last) && !/^\s/.test(str)) cur.parts.push(' ');
      cur.parts.push(str);
      cur.right = Math.max(cur.right, x + width);
      cur.size = Math.max(cur.size, size);
      continue;
    }
    if (cur) lines.push(finishLine(cur));
    cur = { text: '', parts: [str], x, right: x + width, y, size };
  }
  if (cur) lines.push(finishLine(cur));
  const kept = lines.filter((l) => l.text !== '');
  while (kept.length > 0 && PAGE_NUMBER.test(kept[0].text)) kept.shift();
  while (kept.length > 0 && PAGE_NUMBER.test(kept[kept.length - 1].text)) kept.pop();
  // Margins from lines of some length, so a stray mark or a lone digit does not define them. Loops, not
  // Math.min(...spread): a crafted page can hold more lines than a call may take arguments.
  const body = kept.filter((l) => l.text.length >= 2);
  let left = Infinity;
  let right = -Infinity;
  for (const l of body.length ? body : kept) {
    left = Math.min(left, l.x);
    right = Math.max(right, l.right);
  }
  const atMargin = kept.filter((l) => right - l.right <= l.size * 1.5).length;
  const sizes = kept.map((l) => l.size).sort((a, b) => a - b);
  const size = sizes.length ? sizes[sizes.length >> 1] : 0;
  return { lines: kept, left, right, marginConfirmed: atMargin >= MIN_LINES_AT_MARGIN, size };
}

function finishLine(l: Line & { parts: string[] }): Line {
  // The x of the first non-blank run: a line's leading spaces are layout, not indentation we can measure.
  return { text: l.parts.join('').trim(), x: l.x, right: l.right, y: l.y, size: l.size };
}

// "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 10 页", "3/10".
const PAGE_NUMBER = /^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?[-—–_\s]*$/;
// Lines that start a new paragraph whatever the layout says: outline numbering of Chinese official documents.
const HEADING_START =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十百\d]+[章节条部分]|附件)/;
const SENTENCE_END = /[。！？!?：:]$/;

function joinWraps(page: PageLines): string[] {
  const out: string[] = [];
  const { lines } = page;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && continuesOnNextLine(lines[i - 1], page, lines[i], page)) {
      out[out.length - 1] += joinGlue(out[out.length - 1], lines[i].text) + lines[i].text;
    } else {
      out.push(lines[i].text);
    }
  }
  return out;
}

function continuesOnNextLine(line: Line, page: PageLines, next: Line, nextPage: PageLines): boolean {
  const samePage = page === nextPage;
  const reachesMargin =
    page.marginConfirmed &&
    page.right - line.right <= line.size * 1.5 &&
    line.right - page.left >= line.size * MIN_WRAPPED_LINE_EMS;
  const notIndented = next.x - nextPage.left <= next.size * 0.8;
  const sameSize = Math.abs(line.size - next.size) <= line.size * 0.15;
  // Next line below at ordinary line spacing (PDF y grows upwards); across a page break there is nothing to compare.
  const dy = line.y - next.y;
  const adjacent = !samePage || (dy > 0 && dy <= line.size * 2.2);
  return (
    reachesMargin &&
    notIndented &&
    sameSize &&
    adjacent &&
    !SENTENCE_END.test(line.text) &&
    !HEADING_START.test(next.text)
  );
}

/** Wrapped Latin words keep a space between them; Chinese is written without one. */
function joinGlue(before: string, after: string): string {
  return /[A-Za-z0-9]$/.test(before) && /^[A-Za-z0-9]/.test(after) ? ' ' : '';
}
