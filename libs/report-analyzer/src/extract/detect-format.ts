// Which extractor an upload needs, decided by content (file names lie: .doc files that are really docx, .txt files
// that are HTML pages saved from a browser). Cheap enough for the API to call on every upload to answer 415: it reads
// magic numbers, a zip's central directory, and decodes at most the first 16 KB.
import type { SourceFormat } from '../types';
import { AnalyzerError } from '../errors';
import { decodeText } from './decode-text';
import { readZipEntryNames } from './zip-directory';

const SNIFF_BYTES = 16 * 1024;
/** PDF readers accept the header anywhere in the first 1024 bytes (some generators prepend junk). */
const PDF_HEADER_WINDOW = 1024;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

// Formats people upload by mistake, named in the error so the township knows what to do instead.
const UNSUPPORTED_MAGIC: readonly { magic: number[]; what: string }[] = [
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'a legacy Office/WPS file (.doc/.wps/.xls) or a password-protected document; save it as .docx or PDF',
  },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image; upload the report as text, not a picture' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image; upload the report as text, not a picture' },
  { magic: ascii('GIF8'), what: 'a GIF image' },
  { magic: ascii('II*\u0000'), what: 'a TIFF image' },
  { magic: ascii('MM\u0000*'), what: 'a TIFF image' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: ascii('Rar!'), what: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7z archive' },
  { magic: ascii('{\\rtf'), what: 'an RTF document; save it as .docx' },
];

// WHATWG MIME sniffing's HTML tag list plus the tags Word/WPS "save as web page" starts with.
const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title|b|br|p|meta|link|span|center|section|article|main)(?:[\s>/]|$)/i;
const LEADING_NOISE = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)+/;

export function detectFormat(bytes: Uint8Array, fileName?: string): SourceFormat {
  const label = fileName ? `"${fileName}"` : 'The file';
  if (bytes.length === 0) throw new AnalyzerError('EMPTY_FILE', `${label} is empty (0 bytes).`);
  if (findPdfHeader(bytes) >= 0) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return detectZipFormat(bytes, label);
  }
  for (const { magic, what } of UNSUPPORTED_MAGIC) {
    if (startsWith(bytes, magic)) throw new AnalyzerError('UNSUPPORTED_FORMAT', `${label} is ${what}.`);
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
    if (names.some((n) => /^ofd\.xml$/i.test(n))) {
      throw new AnalyzerError('UNSUPPORTED_FORMAT', `${label} is an OFD document; export it as PDF or .docx.`);
    }
    throw new AnalyzerError(
      'UNSUPPORTED_FORMAT',
      `${label} is a zip archive that is not a Word document (.xlsx, .pptx, .odt or another archive).`,
    );
  }
  // No readable central directory (truncated upload): local headers at the front still name the parts.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.indexOf('word/', 0, 'latin1') >= 0) return 'docx';
  throw new AnalyzerError('UNSUPPORTED_FORMAT', `${label} is a damaged zip archive, not a Word document.`);
}

export function looksLikeHtml(head: string): boolean {
  const start = head.replace(/^\uFEFF/, '').slice(0, 4096).replace(LEADING_NOISE, '');
  return HTML_START.test(start);
}
