// The text the patterns run on. Quotes in the output are always sliced from the original `text`; matching runs on a
// compact, simplified, folded copy so that one pattern covers the many ways a report can write the same words:
//  - traditional characters are read through the same-length simplified shadow;
//  - full-width ASCII (，；：（）１２) is folded to half-width, so patterns only name `, ; : ( ) 0-9`;
//  - quote marks and spaces are dropped (“法治政府”建设工作领导小组 → 法治政府建设工作领导小组; "达到 100%").
// `map` leads every compact index back to its original index.

export const FLAG_QUOTED = 1; // inside “…” / 「…」 quotes: a name or slogan, never a target number
export const FLAG_TITLE = 2; // inside 《…》: a document title; restating a title evidences nothing

export interface MatchText {
  /** Compact matching text. */
  s: string;
  /** `s` with the content of 《…》 titles blanked out (same length), used for performance claims. */
  masked: string;
  /** Compact index → index in the original text. */
  map: Int32Array;
  /** Per compact index: FLAG_QUOTED | FLAG_TITLE bits. */
  flags: Uint8Array;
}

const DROPPED = new Set([' ', '\t', '\u00a0', '\u3000', '\r', '“', '”', '‘', '’', '"', "'", '「', '」', '『', '』', '\u200b', '\ufeff']);
const OPEN_QUOTES = new Set(['“', '「', '『', '‘']);
const CLOSE_QUOTES = new Set(['”', '」', '』', '’']);
export const TITLE_BLANK = '〓';

/** Builds the matching text from the original and its same-length simplified shadow. */
export function buildMatchText(original: string, shadow: string): MatchText {
  const src = shadow.length === original.length ? shadow : original;
  const n = src.length;
  const out: string[] = [];
  const masked: string[] = [];
  const map = new Int32Array(n);
  const flags = new Uint8Array(n);
  let k = 0;
  let quoteDepth = 0;
  let asciiQuoteOpen = false;
  let titleDepth = 0;
  for (let i = 0; i < n; i++) {
    let ch = src[i];
    if (DROPPED.has(ch)) {
      // quote marks only change state; their characters are not kept
      if (OPEN_QUOTES.has(ch)) quoteDepth++;
      else if (CLOSE_QUOTES.has(ch)) quoteDepth = Math.max(0, quoteDepth - 1);
      else if (ch === '"') asciiQuoteOpen = !asciiQuoteOpen;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
    if (ch === '《') titleDepth++;
    const inTitle = titleDepth > 0 && ch !== '《' && ch !== '》';
    if (ch === '》') titleDepth = Math.max(0, titleDepth - 1);
    out.push(ch);
    masked.push(inTitle ? TITLE_BLANK : ch);
    map[k] = i;
    flags[k] = (quoteDepth > 0 || asciiQuoteOpen ? FLAG_QUOTED : 0) | (inTitle ? FLAG_TITLE : 0);
    k++;
  }
  return { s: out.join(''), masked: masked.join(''), map: map.slice(0, k), flags: flags.slice(0, k) };
}

/** Original-text range for the compact range [start, end). */
export function toOriginalRange(mt: MatchText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < mt.map.length ? mt.map[start] : mt.map.length ? mt.map[mt.map.length - 1] + 1 : 0;
    return { start: at, end: at };
  }
  return { start: mt.map[start], end: mt.map[end - 1] + 1 };
}
