// Upload bytes → normalised plain text, whatever the format. Every failure is an AnalyzerError: limits are checked
// before the expensive step they protect (input size before anything, markup size before parsing, declared zip sizes
// before inflating, page count and a deadline for PDFs), so a hostile or huge file ends in a typed error, never a hang.
import { createHash } from 'crypto';
import type { ExtractedText, SourceFormat } from '../types';
import { AnalyzerError, isAnalyzerError } from '../errors';
import { decodeText } from './decode-text';
import { detectFormat } from './detect-format';
import { docxToText } from './docx-to-text';
import { decodeHtml, htmlPageToText } from './html-to-text';
import { normalizeText } from './normalize-text';
import { ocrDocument, ocrSpans, type OcrLimits, type OcrLine } from './ocr';
import { ofdToText } from './ofd-to-text';
import { SCANNED_PAGE_MAX_HAN, mergePdfPages, pagesToOcr } from './pdf-page-plan';
import { pdfLayerToText, readPdf } from './pdf-to-text';
import { word97ToText } from './word97-to-text';

export interface ExtractOptions {
  /** Only used in error messages; the format is decided by content. */
  fileName?: string;
  /** Cap on the upload itself. Default 50 MB. */
  maxInputBytes?: number;
  /** Cap on the declared unpacked size of a .docx/.ofd, media included (zip bombs). Default 100 MB. */
  maxDecompressedBytes?: number;
  /** Cap on the XML a .docx/.ofd really inflates to: each part, and all parts together. Default 20 MB. */
  maxXmlBytes?: number;
  /** Heap cap of the process that parses .docx/.doc/.wps documents, in MB. Default 512. */
  parserHeapMb?: number;
  /** Deadline for parsing one .docx/.doc/.wps document. Default 60 s. */
  parseTimeoutMs?: number;
  /** Cap on the extracted, normalised text. Default 2,000,000 characters. */
  maxChars?: number;
  /** PDFs with more pages are refused. Default 500. */
  maxPdfPages?: number;
  /** Deadline for reading one PDF. Default 60 s. */
  pdfTimeoutMs?: number;
  /** Read images and PDFs without a text layer by OCR. Default false: they are refused (UNSUPPORTED_FORMAT, SCANNED_PDF). */
  ocr?: boolean;
  /** Scans with more pages are refused. Default 50. */
  maxOcrPages?: number;
  /** Deadline for the OCR of one document. Default 10 min. */
  ocrTimeoutMs?: number;
  /** Heap cap of the OCR process, in MB. Default 2048. */
  ocrHeapMb?: number;
  /** OCR processes to run in parallel (one per concurrent OCR job). Default 1. */
  ocrWorkers?: number;
  /** Called after each page read by OCR. */
  onOcrPage?: (page: number, total: number) => void;
}

type ExtractLimits = Required<Omit<ExtractOptions, 'fileName' | 'onOcrPage'>> & Pick<ExtractOptions, 'onOcrPage'>;

export const EXTRACT_DEFAULTS: Readonly<ExtractLimits> = {
  maxInputBytes: 50 * 1024 * 1024,
  maxDecompressedBytes: 100 * 1024 * 1024,
  maxXmlBytes: 20 * 1024 * 1024,
  parserHeapMb: 512,
  parseTimeoutMs: 60_000,
  maxChars: 2_000_000,
  maxPdfPages: 500,
  pdfTimeoutMs: 60_000,
  ocr: false,
  maxOcrPages: 50,
  ocrTimeoutMs: 10 * 60_000,
  ocrHeapMb: 2048,
  ocrWorkers: 1,
};

/** Raw text may shrink in normalisation (whitespace); beyond this multiple of maxChars it cannot fit anyway. */
const RAW_CHARS_FACTOR = 2;
/** Pages carry markup around the article; beyond this multiple of maxChars the page is not worth parsing. */
const HTML_MARKUP_FACTOR = 5;

export async function extractText(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<ExtractedText> {
  const limits: ExtractLimits = { ...EXTRACT_DEFAULTS, ...definedOnly(opts) };
  const label = opts.fileName ? `"${opts.fileName}"` : 'The file';
  if (bytes.length === 0) throw new AnalyzerError('EMPTY_FILE', `${label} is empty (0 bytes).`);
  if (bytes.length > limits.maxInputBytes) {
    throw new AnalyzerError(
      'TOO_LARGE',
      `${label} is ${bytes.length} bytes; at most ${limits.maxInputBytes} are accepted.`,
    );
  }
  const format = detectFormat(bytes, opts.fileName, { ocr: limits.ocr });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const tooManyChars = (n: number) =>
    new AnalyzerError('TOO_LARGE', `${label} holds ${n} characters of text; at most ${limits.maxChars} are analysed.`);

  let raw: string;
  /** What OCR read: every page (the whole text) or some pages of a PDF (their regions of the text). */
  let ocr: { pages: number; spans?: OcrSpanList; regions?: { start: number; end: number }[]; lines?: OcrLine[][] } | undefined;
  try {
    if (format === 'image') {
      const read = await ocrDocument('image', bytes, ocrLimits(limits));
      ocr = { pages: read.pages, lines: read.lines };
      raw = read.text;
    } else if (format === 'pdf') {
      const pdf = await extractPdf(bytes, limits);
      raw = pdf.raw;
      ocr = pdf.ocr;
    } else {
      raw = await extractRaw(format, bytes, limits, tooManyChars);
    }
  } catch (e) {
    throw asAnalyzerError(format, e);
  }
  if (raw.length > limits.maxChars * RAW_CHARS_FACTOR) throw tooManyChars(raw.length);
  const text = normalizeText(raw);
  if (text.length === 0) {
    throw format === 'txt'
      ? new AnalyzerError('EMPTY_FILE', `${label} holds nothing but whitespace.`)
      : new AnalyzerError('NO_CONTENT', `${label} holds no text.`, true, ocr ? '图片（扫描件或照片）' : undefined);
  }
  if (text.length > limits.maxChars) throw tooManyChars(text.length);
  if (!ocr) return { format, text, sha256 };
  return {
    format,
    text,
    sha256,
    ocr: {
      pages: ocr.pages,
      spans: ocr.spans ?? ocrSpans(text, ocr.lines ?? []),
      regions: ocr.regions ?? [{ start: 0, end: text.length }],
    },
  };
}

type OcrSpanList = NonNullable<ExtractedText['ocr']>['spans'];

/**
 * A PDF page by page: from its text layer, with the scanned pages (little text, an image) read by OCR when OCR is on;
 * a PDF that is all scans is read by OCR whole. Without OCR, a PDF with scanned pages is refused as SCANNED_PDF (the
 * worker hands it to its OCR queue) rather than read without those pages.
 */
async function extractPdf(
  bytes: Uint8Array,
  limits: ExtractLimits,
): Promise<{ raw: string; ocr?: { pages: number; spans?: OcrSpanList; regions?: { start: number; end: number }[]; lines?: OcrLine[][] } }> {
  const layer = await readPdf(bytes, { maxPages: limits.maxPdfPages, timeoutMs: limits.pdfTimeoutMs, imageCheckBelowHan: SCANNED_PAGE_MAX_HAN });
  const scanned = pagesToOcr(layer);
  if (scanned.length > 0 && scanned.length < layer.numPages) {
    if (!limits.ocr) {
      throw new AnalyzerError(
        'SCANNED_PDF',
        `Pages ${scanned.join(', ')} of ${layer.numPages} are scans without a text layer and need OCR.`,
        true,
        `部分页面（第 ${scanned.join('、')} 页）是扫描件的 PDF`,
      );
    }
    const read = await ocrDocument('pdf', bytes, ocrLimits(limits), { pages: scanned });
    const merged = mergePdfPages(layer, new Map(scanned.map((page, i) => [page, read.lines[i]])));
    return { raw: merged.text, ocr: { pages: read.pages, spans: merged.spans, regions: merged.ocrRegions } };
  }
  try {
    return { raw: pdfLayerToText(layer) };
  } catch (e) {
    if (!(limits.ocr && isAnalyzerError(e) && e.code === 'SCANNED_PDF')) throw e;
  }
  const read = await ocrDocument('pdf', bytes, ocrLimits(limits));
  return { raw: read.text, ocr: { pages: read.pages, lines: read.lines } };
}

function ocrLimits(limits: ExtractLimits): OcrLimits {
  return {
    maxPages: limits.maxOcrPages,
    timeoutMs: limits.ocrTimeoutMs,
    heapMb: limits.ocrHeapMb,
    workers: limits.ocrWorkers,
    onPage: limits.onOcrPage,
  };
}

async function extractRaw(
  format: SourceFormat,
  bytes: Uint8Array,
  limits: ExtractLimits,
  tooManyChars: (n: number) => AnalyzerError,
): Promise<string> {
  switch (format) {
    case 'txt':
      return decodeText(bytes).text;
    case 'html': {
      const html = decodeHtml(bytes);
      if (html.length > limits.maxChars * HTML_MARKUP_FACTOR) throw tooManyChars(html.length);
      return htmlPageToText(html);
    }
    case 'docx':
      return docxToText(bytes, {
        maxDecompressedBytes: limits.maxDecompressedBytes,
        maxXmlBytes: limits.maxXmlBytes,
        heapMb: limits.parserHeapMb,
        timeoutMs: limits.parseTimeoutMs,
      });
    case 'doc':
    case 'wps':
      return word97ToText(bytes, { heapMb: limits.parserHeapMb, timeoutMs: limits.parseTimeoutMs });
    case 'ofd':
      return ofdToText(bytes, {
        maxDecompressedBytes: limits.maxDecompressedBytes,
        maxXmlBytes: limits.maxXmlBytes,
        maxPages: limits.maxPdfPages,
      });
    case 'pdf':
    case 'image':
      throw new Error(`${format} is read by extractPdf / OCR`);
  }
}

/** A library failing on a damaged file is the file's fault for docx/pdf; anything else is the extractor's. */
function asAnalyzerError(format: SourceFormat, e: unknown): AnalyzerError {
  if (isAnalyzerError(e)) return e;
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (format === 'docx') return new AnalyzerError('CORRUPT_DOCX', `The Word document cannot be read: ${detail}`);
  if (format === 'doc' || format === 'wps') {
    return new AnalyzerError('CORRUPT_DOC', `The Word 97/WPS document cannot be read: ${detail}`);
  }
  if (format === 'ofd') return new AnalyzerError('CORRUPT_OFD', `The OFD document cannot be read: ${detail}`);
  if (format === 'pdf') return new AnalyzerError('CORRUPT_PDF', `The PDF cannot be read: ${detail}`);
  return new AnalyzerError('EXTRACTION_FAILED', `Extracting text from ${format} failed: ${detail}`, false);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
