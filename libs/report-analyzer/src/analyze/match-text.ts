// The text the patterns run on. Quotes in the output are always sliced from the original `text`; matching runs on a
// compact, simplified, folded copy so that one pattern covers the many ways a report can write the same words:
//  - traditional characters are read through the same-length simplified shadow;
//  - full-width ASCII (，；：（）１２) is folded to half-width, so patterns only name `, ; : ( ) 0-9`;
//  - quote marks and spaces are dropped (“法治政府”建设工作领导小组 → 法治政府建设工作领导小组; "达到 100%");
//  - a tab inside a line (the cell boundary of a table flattened to text) is kept, one per run;
//  - a percentage in words reads as digits ("百分之九十七点五" → "97.5%").
// `map` leads every compact index back to its original index. Built in one pass over UTF-16 code units.

import { parseChineseNumeral } from './chinese-numbers';

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

export const TITLE_BLANK = '〓';

// character classes (per UTF-16 code unit)
const DROP = 1;
const OPEN_Q = 2;
const CLOSE_Q = 3;
const ASCII_Q = 4;
const CLASS = new Uint8Array(65536);
for (const ch of ' \t\u00a0\u3000\r\u200b\ufeff\'') CLASS[ch.charCodeAt(0)] = DROP;
for (const ch of '“「『‘') CLASS[ch.charCodeAt(0)] = OPEN_Q;
for (const ch of '”」』’') CLASS[ch.charCodeAt(0)] = CLOSE_Q;
CLASS['"'.charCodeAt(0)] = ASCII_Q;
const TITLE_OPEN = '《'.charCodeAt(0);
const TITLE_CLOSE = '》'.charCodeAt(0);
const BLANK = TITLE_BLANK.charCodeAt(0);
const decoder = new TextDecoder('utf-16le');
const NEWLINE = 10;
const HEADING_MARKER = /^[ \t\u00a0\u3000]*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}部分)/;

const TAB = 9;
// An open quote or title ends at its line's end, or at a sentence end once it has run this long (compact chars):
// quoted names, slogans and titles are short, so a longer open one is an OCR misread (” read as “) or a stray mark,
// and must not hide the rest of the report from the claim and metric patterns.
const MAX_QUOTE_CHARS = 40;
const SENTENCE_END = new Set([...'。!?'].map((c) => c.charCodeAt(0)));
// a tab after a line start, a heading marker or punctuation ("一、\t主要举措") is layout, not a cell boundary
const AFTER_NO_CELL = new Set([...'\n\t、,;:。.)'].map((c) => c.charCodeAt(0)));

const BAI = '百'.charCodeAt(0);
const PERCENT = '%'.charCodeAt(0);
const PERCENT_IN_WORDS = /^百分之([零〇一二两三四五六七八九十百]+)(点([零〇一二两三四五六七八九]+))?/;

/** "九十七" + "五" → "97.5"; null when the words are no number up to 100. */
function percentValue(whole: string, fraction: string | undefined): string | null {
  const n = parseChineseNumeral(whole);
  if (!Number.isFinite(n) || n > 100) return null;
  if (!fraction) return String(n);
  let f = '';
  for (const ch of fraction) f += String(parseChineseNumeral(ch === '两' ? '二' : ch));
  return `${n}.${f}`;
}

/** Only spaces and tabs stand between `i` and the end of its line. */
function lineEndsAt(src: string, i: number): boolean {
  for (; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === NEWLINE || c === 13) return true;
    if (CLASS[c] !== DROP) return false;
  }
  return true;
}

/** A heading marker (一、 / (一) / 第一部分) starts at `i` of the source, after optional spaces. */
function headingMarkerAt(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  // cheap first-character test before the regex: a CJK numeral, a bracket, 第, or more space
  if (!(c === 0x28 || c === 0xff08 || c === 0x7b2c || CLASS[c] === DROP || (c >= 0x4e00 && c <= 0x9fa5))) return false;
  return HEADING_MARKER.test(src.slice(i, i + 12));
}

/** Builds the matching text from the original and its same-length simplified shadow. */
export function buildMatchText(original: string, shadow: string): MatchText {
  const src = shadow.length === original.length ? shadow : original;
  const n = src.length;
  const hasTitles = src.indexOf('《') >= 0;
  const out = new Uint16Array(n);
  const masked = hasTitles ? new Uint16Array(n) : out;
  const map = new Int32Array(n);
  const flags = new Uint8Array(n);
  let k = 0;
  let quoteDepth = 0;
  let asciiQuoteOpen = false;
  let titleDepth = 0;
  let openedAt = -1; // compact index where the outermost open quote/title began
  const closeAll = () => {
    quoteDepth = 0;
    asciiQuoteOpen = false;
    titleDepth = 0;
    openedAt = -1;
  };
  for (let i = 0; i < n; i++) {
    let code = src.charCodeAt(i);
    const cls = CLASS[code];
    if (cls === DROP && (code === 0x20 || code === 0x3000 || code === 0xa0 || code === 9) && k > 0 && out[k - 1] !== NEWLINE && headingMarkerAt(src, i + 1)) {
      // a page flattened to one line keeps its headings after a space ("…报告如下: 一、主要举措 (一)强化…"): the
      // space becomes a line break so the heading starts a line of its own
      closeAll();
      out[k] = NEWLINE;
      map[k] = i;
      flags[k] = 0;
      k++;
      while (i + 1 < n && CLASS[src.charCodeAt(i + 1)] === DROP) i++;
      continue;
    }
    if (code === BAI && src.startsWith('百分之', i)) {
      // "百分之九十七点五" reads as "97.5%", so the percentage patterns ({N}%) cover rates written in words
      const m = PERCENT_IN_WORDS.exec(src.slice(i, i + 16));
      const value = m ? percentValue(m[1], m[3]) : null;
      if (m && value !== null) {
        const last = i + m[0].length - 1;
        for (let j = 0; j < value.length; j++) {
          out[k] = value.charCodeAt(j);
          if (hasTitles) masked[k] = out[k];
          map[k] = Math.min(i + j, last - 1);
          flags[k] = 0;
          k++;
        }
        out[k] = PERCENT;
        if (hasTitles) masked[k] = PERCENT;
        map[k] = last;
        flags[k] = 0;
        k++;
        i = last;
        continue;
      }
    }
    if (code === TAB && k > 0 && !AFTER_NO_CELL.has(out[k - 1]) && !lineEndsAt(src, i + 1)) {
      // a table flattened to text keeps its cells apart with tabs: one tab stays, so the cells do not run together
      // ("1\t组织领导"), yet a row still reads as one statement (label cell, claim cell, figure cell)
      out[k] = TAB;
      map[k] = i;
      flags[k] = 0;
      k++;
      while (i + 1 < n && src.charCodeAt(i + 1) === TAB) i++;
      continue;
    }
    if (cls) {
      // quote marks only change state; they are not kept
      if (cls === OPEN_Q) quoteDepth++;
      else if (cls === CLOSE_Q) quoteDepth = quoteDepth > 0 ? quoteDepth - 1 : 0;
      else if (cls === ASCII_Q) asciiQuoteOpen = !asciiQuoteOpen;
      if (openedAt < 0 && (quoteDepth > 0 || asciiQuoteOpen)) openedAt = k;
      continue;
    }
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
    if (code === NEWLINE) closeAll();
    if (code === TITLE_OPEN) {
      titleDepth++;
      if (openedAt < 0) openedAt = k;
    }
    const inTitle = titleDepth > 0 && code !== TITLE_OPEN && code !== TITLE_CLOSE;
    if (code === TITLE_CLOSE && titleDepth > 0) titleDepth--;
    out[k] = code;
    if (hasTitles) masked[k] = inTitle ? BLANK : code;
    map[k] = i;
    flags[k] = (quoteDepth > 0 || asciiQuoteOpen ? FLAG_QUOTED : 0) | (inTitle ? FLAG_TITLE : 0);
    k++;
    if (openedAt >= 0) {
      if (quoteDepth === 0 && !asciiQuoteOpen && titleDepth === 0) openedAt = -1;
      else if (SENTENCE_END.has(code) && k - openedAt > MAX_QUOTE_CHARS) closeAll();
    }
  }
  const compact = decoder.decode(out.subarray(0, k));
  return {
    s: compact,
    masked: hasTitles ? decoder.decode(masked.subarray(0, k)) : compact,
    map: map.slice(0, k),
    flags: flags.slice(0, k),
  };
}

/** Original-text range for the compact range [start, end). */
export function toOriginalRange(mt: MatchText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < mt.map.length ? mt.map[start] : mt.map.length ? mt.map[mt.map.length - 1] + 1 : 0;
    return { start: at, end: at };
  }
  return { start: mt.map[start], end: mt.map[end - 1] + 1 };
}

/**
 * The township's own documents cited by title ("印发《某镇2024年法治建设工作要点》", "公布《某镇2025年度重大行政决策
 * 事项目录》") are its own work: a title that opens with the township's name (within its first few characters, after
 * 中共 or the like) and that the clause says was issued or published is left unmasked for the claim patterns. A higher body's title (《某县…》, 《中华人民共和国…》)
 * stays masked.
 */
// the document issued or published just before its title ("制定并公布《", "印发了《"); revising a rule (完善《…规则》)
// or working around a plan (围绕《…要点》) restates a title
const ISSUED = /(制定|印发|编制|编印|出台|发布|公布|下发)(并|了)?(公布|印发|发布|下发)?了?$/;

export function unmaskOwnTitles(mt: MatchText, township: string | null): MatchText {
  if (!township || township.length < 2 || mt.masked === mt.s) return mt;
  let out: string[] | null = null;
  for (let open = mt.s.indexOf('《'); open >= 0; open = mt.s.indexOf('《', open + 1)) {
    const close = mt.s.indexOf('》', open + 1);
    if (close < 0) break;
    const at = mt.s.indexOf(township, open + 1);
    if (at < 0 || at >= close || at - open > 6 || !ISSUED.test(mt.s.slice(Math.max(0, open - 8), open))) continue;
    out ??= mt.masked.split('');
    for (let i = open + 1; i < close; i++) out[i] = mt.s[i];
  }
  return out ? { ...mt, masked: out.join('') } : mt;
}
