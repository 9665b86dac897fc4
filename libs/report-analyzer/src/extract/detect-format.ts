// Which extractor an upload needs, decided by content (file names lie: .doc files that are really docx, .txt files
// that are HTML pages saved from a browser). Cheap enough for the API to call on every upload to answer 415: it reads
// magic numbers, a zip's central directory, and decodes at most the first 16 KB.
import type { SourceFormat } from '../types';
import { AnalyzerError } from '../errors';
import { decodeText } from './decode-text';
import { CFB_SIGNATURE, classifyCompoundFile, isCompoundFile, readCompoundFile } from './compound-file';
import { readZipEntryNames } from './zip-directory';

const SNIFF_BYTES = 16 * 1024;
/** PDF readers accept the header anywhere in the first 1024 bytes (some generators prepend junk). */
const PDF_HEADER_WINDOW = 1024;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

// Formats people upload by mistake: what the file is (English, for logs) and what it was taken to be (Chinese, for the
// clerk's failure reason, see describeAnalyzerError).
const UNSUPPORTED_MAGIC: readonly { magic: number[]; what: string; zh: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image', zh: 'PNG 图片（扫描件或照片）' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image', zh: 'JPEG 图片（扫描件或照片）' },
  { magic: ascii('GIF8'), what: 'a GIF image', zh: 'GIF 图片' },
  { magic: ascii('II*\u0000'), what: 'a TIFF image', zh: 'TIFF 图片（扫描件）' },
  { magic: ascii('MM\u0000*'), what: 'a TIFF image', zh: 'TIFF 图片（扫描件）' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive', zh: 'gzip 压缩包' },
  { magic: ascii('Rar!'), what: 'a RAR archive', zh: 'RAR 压缩包' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7z archive', zh: '7z 压缩包' },
  { magic: ascii('{\\rtf'), what: 'an RTF document; save it as .docx', zh: 'RTF 文档' },
];

const unsupported = (label: string, what: string, zh: string) =>
  new AnalyzerError('UNSUPPORTED_FORMAT', `${label} is ${what}.`, true, zh);

// WHATWG MIME sniffing's HTML tag list plus the tags Word/WPS "save as web page" starts with.
const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title|b|br|p|meta|link|span|center|section|article|main)(?:[\s>/]|$)/i;
const LEADING_NOISE = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)+/;

/** Images OCR reads (sharp decodes them). */
const OCR_IMAGE_MAGIC: readonly number[][] = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  ascii('II*\u0000'),
  ascii('MM\u0000*'),
];
const isWebp = (bytes: Uint8Array) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8);
/** HEIF major brands of still photos and sequences (iPhones save 'heic'; 'mif1' is the generic HEIF brand). */
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];
/** HEIC/HEIF: an ISO-BMFF file whose 'ftyp' box names a HEIF brand. */
export const isHeif = (bytes: Uint8Array) => startsWith(bytes, ascii('ftyp'), 4) && HEIF_BRANDS.some((b) => startsWith(bytes, ascii(b), 8));

export interface DetectOptions {
  /** Images are a readable format (OCR is enabled). Default false: they are refused. */
  ocr?: boolean;
}

export function detectFormat(bytes: Uint8Array, fileName?: string, opts: DetectOptions = {}): SourceFormat {
  const label = fileName ? `"${fileName}"` : 'The file';
  if (bytes.length === 0) throw new AnalyzerError('EMPTY_FILE', `${label} is empty (0 bytes).`);
  if (findPdfHeader(bytes) >= 0) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return detectZipFormat(bytes, label);
  }
  if (isCompoundFile(bytes) || startsWith(bytes, CFB_SIGNATURE)) return detectCompoundFormat(bytes, label, fileName);
  if (opts.ocr && (OCR_IMAGE_MAGIC.some((m) => startsWith(bytes, m)) || isWebp(bytes) || isHeif(bytes))) return 'image';
  if (isHeif(bytes)) throw unsupported(label, 'a HEIC/HEIF photo', 'HEIC 照片（苹果手机默认格式）');
  for (const { magic, what, zh } of UNSUPPORTED_MAGIC) {
    if (startsWith(bytes, magic)) throw unsupported(label, what, zh);
  }
  const head = decodeText(bytes.subarray(0, SNIFF_BYTES), { partial: bytes.length > SNIFF_BYTES }).text;
  return looksLikeHtml(head) ? 'html' : 'txt';
}

export function findPdfHeader(bytes: Uint8Array): number {
  const window = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW));
  return window.indexOf('%PDF-', 0, 'latin1');
}

function detectZipFormat(bytes: Uint8Array, label: string): SourceFormat {
  const names = readZipEntryNames(bytes);
  if (names) {
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => /^\/?ofd\.xml$/i.test(n))) return 'ofd';
    if (names.some((n) => n.startsWith('xl/'))) throw unsupported(label, 'an Excel workbook (.xlsx)', 'Excel 表格（.xlsx）');
    if (names.some((n) => n.startsWith('ppt/'))) throw unsupported(label, 'a PowerPoint deck (.pptx)', 'PowerPoint 演示文稿（.pptx）');
    if (names.some((n) => /^content\.xml$/i.test(n))) {
      throw unsupported(label, 'an OpenDocument file (.odt/.ods)', 'OpenDocument 文档（.odt 等）');
    }
    throw unsupported(label, 'a zip archive that is not a document', 'zip 压缩包');
  }
  // No readable central directory (truncated upload): local headers at the front still name the parts.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.indexOf('word/', 0, 'latin1') >= 0) return 'docx';
  if (/ofd\.xml/i.test(buf.toString('latin1', 0, Math.min(buf.length, SNIFF_BYTES)))) return 'ofd';
  throw unsupported(label, 'a damaged zip archive, not a document', '损坏的 zip 压缩包');
}

/** OLE2 compound files: Word 97 / WPS text documents are read; the others are named in the refusal. */
function detectCompoundFormat(bytes: Uint8Array, label: string, fileName?: string): SourceFormat {
  const cfb = readCompoundFile(bytes);
  if (!cfb) {
    throw new AnalyzerError('CORRUPT_DOC', `${label} is a damaged OLE2 compound file (.doc/.wps/.xls).`);
  }
  switch (classifyCompoundFile(cfb)) {
    case 'word97':
      return /\.wps$/i.test(fileName ?? '') ? 'wps' : 'doc';
    case 'word97-encrypted':
      throw new AnalyzerError('PASSWORD_PROTECTED', `${label} is a password-protected Word 97/WPS document.`, true, '加密的 Word/WPS 文档');
    case 'ooxml-encrypted':
      throw new AnalyzerError('PASSWORD_PROTECTED', `${label} is a password-protected Office document.`, true, '加密的 Office 文档');
    case 'excel':
      throw unsupported(label, 'an Excel 97 workbook (.xls)', '旧版 Excel 表格（.xls）');
    case 'powerpoint':
      throw unsupported(label, 'a PowerPoint 97 deck (.ppt)', '旧版 PowerPoint 演示文稿（.ppt）');
    case 'works':
      throw unsupported(label, 'a Microsoft Works document', 'Microsoft Works 文档（不是 WPS 文字文档）');
    default:
      throw unsupported(label, 'an OLE2 compound file that is no Word document', '不含 Word 正文的 Office 复合文件');
  }
}

export function looksLikeHtml(head: string): boolean {
  const start = head.replace(/^\uFEFF/, '').slice(0, 4096).replace(LEADING_NOISE, '');
  return HTML_START.test(start);
}
