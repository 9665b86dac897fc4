// A PDF with a partial text layer (a typed report with scanned pages appended: the signed, stamped last page, a
// sign-in sheet) is read page by page: pages with a text layer from it, scanned pages by OCR. This module decides
// which pages are scans and merges both kinds back into one text in page order, recording which spans of the text
// OCR read (so quotes from them carry `source: 'ocr'` and their confidence, and quotes from text pages do not).
import { normalizeText } from './normalize-text';
import { ocrSpans, type OcrLine, type OcrSpan } from './ocr';
import { rebuildOcrText } from './ocr-paragraphs';
import type { PdfTextLayer } from './pdf-text-worker';
import { rebuildPdfText } from './pdf-to-text';

/**
 * A page whose text layer holds fewer Han characters than this and which paints an image is a scanned page. A page of
 * typed Chinese body text holds hundreds; a scan holds none (or a page number, or a scanner's stamp line).
 */
export const SCANNED_PAGE_MAX_HAN = 20;

const HAN = /\p{Script=Han}/gu;
const WORD_CHAR = /[\p{Script=Han}\p{L}\p{N}]/gu;
// What a broken text layer decodes to: replacement characters, private-use glyph codes, controls.
const GARBLED_CHAR = /[\uFFFD\uE000-\uF8FF\u0000-\u0008\u000E-\u001F]/g;
/** A page needs this many garbled characters (more than readable ones) before its text layer counts as broken. */
const MIN_GARBLED = 20;

/**
 * Pages (1-based, ascending) to read by OCR: scanned pages (little text, an image: `layer.imagePages` lists the
 * low-text pages that paint one), and pages whose text layer is mostly garbage (fonts without a usable ToUnicode map
 * render fine, so OCR reads them).
 */
export function pagesToOcr(layer: PdfTextLayer): number[] {
  const images = new Set(layer.imagePages ?? []);
  const out: number[] = [];
  layer.pages.forEach((items, i) => {
    const page = i + 1;
    let han = 0;
    let words = 0;
    let garbled = 0;
    for (const [str] of items) {
      han += str.match(HAN)?.length ?? 0;
      words += str.match(WORD_CHAR)?.length ?? 0;
      garbled += str.match(GARBLED_CHAR)?.length ?? 0;
    }
    if ((han < SCANNED_PAGE_MAX_HAN && images.has(page)) || (garbled >= MIN_GARBLED && garbled > words)) out.push(page);
  });
  return out;
}

export interface MergedPdfText {
  /** Normalised text of every page in page order. */
  text: string;
  /** Spans of `text` that OCR read (one per run of consecutive OCR pages). */
  ocrRegions: { start: number; end: number }[];
  /** Each OCR line's span of `text` and its confidence. */
  spans: OcrSpan[];
}

/**
 * Text pages and OCR pages merged in page order. Consecutive pages of one kind are rebuilt together (so a paragraph
 * running over a page break is joined as usual); a change of kind always starts a new paragraph, because OCR boxes
 * (pixels) and text runs (points) cannot be compared to decide that a line runs on. Each run is normalised on its own
 * and the runs are joined by a blank line, which is exactly normalizeText of the whole (normalisation never looks
 * across a blank line), so offsets computed here hold in the final text.
 */
export function mergePdfPages(layer: PdfTextLayer, ocrPages: ReadonlyMap<number, OcrLine[]>): MergedPdfText {
  const runs: { ocr: boolean; pages: number[] }[] = [];
  for (let page = 1; page <= layer.numPages; page++) {
    const ocr = ocrPages.has(page);
    const last = runs[runs.length - 1];
    if (last && last.ocr === ocr) last.pages.push(page);
    else runs.push({ ocr, pages: [page] });
  }
  let text = '';
  const ocrRegions: MergedPdfText['ocrRegions'] = [];
  const spans: OcrSpan[] = [];
  for (const run of runs) {
    const ocr = run.ocr ? rebuildOcrText(run.pages.map((p) => ocrPages.get(p)!)) : undefined;
    const raw = ocr?.text ?? rebuildPdfText({ numPages: run.pages.length, pages: run.pages.map((p) => layer.pages[p - 1]) });
    const part = normalizeText(raw);
    if (!part) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += part;
    if (!ocr) continue;
    ocrRegions.push({ start, end: text.length });
    for (const s of ocrSpans(part, ocr.pages)) spans.push({ ...s, start: s.start + start, end: s.end + start });
  }
  return { text, ocrRegions, spans };
}
