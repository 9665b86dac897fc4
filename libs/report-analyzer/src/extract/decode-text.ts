// Bytes → string for plain-text and HTML uploads. Chinese county offices produce UTF-8 (with or without BOM), GBK /
// GB18030 (the Windows default in mainland China), UTF-16 (Notepad's "Unicode") and, for traditional-Chinese text,
// Big5. Order of trust: BOM, then a strict UTF-8 decode (GBK text is almost never valid UTF-8), then the least damaged
// of: the declared charset (HTML meta), UTF-8 with replacement characters (a file with a few broken bytes), GB18030
// and Big5 (told apart by chardet when both decode cleanly). A decoding that yields replacement characters, control
// characters or private-use code points in more than a small share of the text is rejected, so binary junk ends in
// UNDECODABLE_TEXT rather than in mojibake.
import * as chardet from 'chardet';
import * as iconv from 'iconv-lite';
import { AnalyzerError } from '../errors';

export interface DecodedText {
  text: string;
  /** The encoding that was used, e.g. "utf-8", "utf-16le", "gb18030", "big5". */
  encoding: string;
}

export interface DecodeOptions {
  /** A charset the document declares (HTML meta); tried after BOM and strict UTF-8. */
  declaredCharset?: string;
  /**
   * The bytes are a prefix of a larger file (format sniffing): a multi-byte character cut at the end is not an error.
   */
  partial?: boolean;
}

/** Share of bad characters above which a decoding is rejected. Real files with a stray bad byte stay well below. */
const MAX_BAD_SHARE = 0.02;
/** How much of a non-UTF-8 input each fallback encoding decodes to compete; the winner then decodes all of it. */
const FALLBACK_SAMPLE_BYTES = 256 * 1024;
/** How many bytes chardet looks at: its cost grows with its input (~10-30 ms for 8 KB) and it ranks GB18030 and
 * Big5 reliably from a few hundred characters. */
const CHARDET_SAMPLE_BYTES = 4 * 1024;
const UTF16_SNIFF_BYTES = 4096;

// U+FFFD from failed decodes, C0/C1 controls other than \t \n \v \f \r, and the private-use area (where GB18030
// decoders put unassigned codes).
const BAD_CHARS = /[\uFFFD\u0000-\u0008\u000E-\u001F\u007F-\u009F\uE000-\uF8FF]/g;

export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const partial = opts.partial === true;
  const accept = (name: string, text: string | undefined): DecodedText | undefined =>
    text !== undefined && isPlausibleText(text, partial) ? { text, encoding: name } : undefined;

  const bom = bomEncoding(buf);
  if (bom) {
    // A BOM is decisive: falling back to other encodings would only turn a broken file into mojibake.
    const found = accept(bom, decodeWithTextDecoder(bom, bom === 'utf-8' || !partial ? buf : evenLength(buf), false));
    if (found) return found;
    throw undecodable();
  }
  const utf16 = sniffUtf16(buf);
  const asUtf16 = utf16 && accept(utf16, decodeWithTextDecoder(utf16, evenLength(buf), false));
  if (asUtf16) return asUtf16;
  // In UTF-8, GB18030 and Big5 a byte below 0x20 is always a character of its own (no multi-byte sequence uses one),
  // so too many control bytes rule all of them out without decoding: binary junk is rejected in microseconds.
  if (controlByteShare(buf) > MAX_BAD_SHARE) throw undecodable();
  const strict = accept('utf-8', decodeWithTextDecoder('utf-8', partial ? trimIncompleteUtf8(buf) : buf, true));
  if (strict) return strict;

  // Not clean UTF-8: a legacy Chinese encoding, or UTF-8 with a few damaged bytes (a cut upload, a GBK snippet pasted
  // into a UTF-8 page). Each candidate decodes a sample and the one with the fewest bad characters wins; GB18030 and
  // Big5 often both decode Chinese bytes cleanly, and then chardet's statistics decide. The winner decodes the whole.
  const sample = buf.subarray(0, FALLBACK_SAMPLE_BYTES);
  const samplePartial = partial || sample.length < buf.length;
  const declared = normaliseCharsetName(opts.declaredCharset);
  const names = [...new Set([declared, 'utf-8', 'gb18030', 'big5'])].filter(
    (n): n is string => !!n && (n === 'utf-8' || iconv.encodingExists(n)),
  );
  const scored = names.map((name) => ({ name, bad: countBad(decodeLossy(name, sample, samplePartial)) }));
  const least = Math.min(...scored.map((c) => c.bad));
  const tied = scored.filter((c) => c.bad === least).map((c) => c.name);
  const winner =
    tied[0] !== declared && tied.includes('gb18030') && tied.includes('big5') ? chineseByStatistics(sample) : tied[0];
  const found = accept(winner, decodeLossy(winner, buf, partial));
  if (found) return found;
  throw undecodable();
}

function undecodable(): AnalyzerError {
  return new AnalyzerError(
    'UNDECODABLE_TEXT',
    'The file is not text in any supported encoding (UTF-8, UTF-16, GB18030, Big5).',
  );
}

/**
 * GB18030 or Big5 by chardet's character-frequency models. chardet's cost grows with its input, so it gets only the
 * non-ASCII bytes (with the byte after each, which may be a trail byte in the ASCII range): markup and digits carry no
 * signal.
 */
function chineseByStatistics(sample: Buffer): 'gb18030' | 'big5' {
  const picked = Buffer.alloc(Math.min(sample.length, CHARDET_SAMPLE_BYTES));
  let n = 0;
  for (let i = 0; i < sample.length && n < picked.length - 1; i++) {
    if (sample[i] >= 0x80) {
      picked[n++] = sample[i];
      if (i + 1 < sample.length && sample[i + 1] < 0x80) picked[n++] = sample[++i];
    }
  }
  for (const match of chardet.analyse(picked.subarray(0, n))) {
    const name = normaliseCharsetName(match.name);
    if (name === 'gb18030' || name === 'big5') return name;
  }
  return 'gb18030';
}

function decodeLossy(name: string, buf: Buffer, partial: boolean): string {
  if (name === 'utf-8') return decodeWithTextDecoder('utf-8', partial ? trimIncompleteUtf8(buf) : buf, false) ?? '';
  return decodeWithIconv(name, buf, partial);
}

function bomEncoding(buf: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 'utf-8';
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * BOM-less UTF-16: ASCII characters (digits, newlines, spaces, which every report has) put a zero byte in the high
 * half of the code unit, so zeros pile up on one parity. Chinese characters rarely have a zero low byte (一 = U+4E00
 * does), hence a ratio rather than an absolute test.
 */
function sniffUtf16(buf: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(buf.length, UTF16_SNIFF_BYTES) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZeros++;
    if (buf[i + 1] === 0) oddZeros++;
  }
  const units = n / 2;
  if (oddZeros >= units * 0.01 && oddZeros > evenZeros * 4) return 'utf-16le';
  if (evenZeros >= units * 0.01 && evenZeros > oddZeros * 4) return 'utf-16be';
  return undefined;
}

function controlByteShare(buf: Buffer): number {
  let controls = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x20 && (b < 0x09 || b > 0x0d)) controls++; // \t \n \v \f \r are text
  }
  return buf.length === 0 ? 0 : controls / buf.length;
}

function decodeWithTextDecoder(encoding: string, buf: Uint8Array, fatal: boolean): string | undefined {
  try {
    // ignoreBOM: false strips a leading BOM of the decoder's own encoding.
    return new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(buf);
  } catch {
    return undefined;
  }
}

function decodeWithIconv(encoding: string, buf: Buffer, partial: boolean): string {
  const text = iconv.decode(buf, encoding);
  // A prefix may end inside a multi-byte character: drop the one replacement character that produces.
  return partial && text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
}

function evenLength(buf: Buffer): Buffer {
  return buf.length % 2 === 0 ? buf : buf.subarray(0, buf.length - 1);
}

/** Cuts a UTF-8 sequence that the end of a prefix split, so a strict decode of the prefix can succeed. */
function trimIncompleteUtf8(buf: Buffer): Buffer {
  const end = buf.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const b = buf[i];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return end - i < need ? buf.subarray(0, i) : buf;
  }
  return buf;
}

function countBad(text: string): number {
  return text.length - text.replace(BAD_CHARS, '').length;
}

function isPlausibleText(text: string, partial: boolean): boolean {
  if (text.length === 0) return !partial;
  return countBad(text) <= text.length * MAX_BAD_SHARE;
}

/** Charset labels (HTML meta, chardet) → the names we decode with; GB2312 and GBK are subsets of GB18030. */
export function normaliseCharsetName(label: string | undefined | null): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936|euc-cn|hz-gb-2312|csgb2312|chinese)$/.test(l)) return 'gb18030';
  if (/^(big5|big-5|x-x-big5|cp950|big5-hkscs|csbig5|cn-big5)$/.test(l)) return 'big5';
  if (/^(utf-?8|unicode-1-1-utf-8)$/.test(l)) return 'utf-8';
  if (/^(utf-?16le|utf-?16)$/.test(l)) return 'utf-16le';
  if (/^utf-?16be$/.test(l)) return 'utf-16be';
  return l;
}
