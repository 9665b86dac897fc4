// Sentences and clauses over the compact matching text. One pass, no regex per character.
// A sentence ends at 。！？!? or a line break; a clause ends at , ; : (full-width folded already) outside quotes,
// titles and brackets; a clause that opens with 一是/二是… is marked. Clause boundaries are where the report itself
// separates statements, so they are the unit of quoting and of plan-item/problem splitting.

import { FLAG_QUOTED, FLAG_TITLE, MatchText } from './match-text';

export interface Clause {
  start: number;
  end: number;
  /** The separator that ended the clause (',' ';' ':' or '' at sentence end). */
  sep: string;
  /** The clause opens with an enumeration marker (一是, 二是, 其一…). */
  enumStart: boolean;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  /** The sentence starts a line (after a line break or at the start of the text). */
  lineStart: boolean;
  clauses: Clause[];
}

// character classes of the compact text
const S_END = 1;
const C_END = 2;
const OPEN_B = 3;
const CLOSE_B = 4;
const CLS = new Uint8Array(65536);
for (const ch of '。!?！？\n') CLS[ch.charCodeAt(0)] = S_END;
for (const ch of ',;:，；：') CLS[ch.charCodeAt(0)] = C_END;
for (const ch of '([【〔（') CLS[ch.charCodeAt(0)] = OPEN_B;
for (const ch of ')]】〕）') CLS[ch.charCodeAt(0)] = CLOSE_B;
const NEWLINE = 10;
const FULL_STOP = '。'.charCodeAt(0);
// 一是/二是, 一要/二要, 其一, and 第一,/第二、 open the points of a list
const ENUM_RE = /^(?:[\u2460-\u2473]|[一二三四五六七八九十]{1,2}[是要]|其[一二三四五六七八九十]|第[一二三四五六七八九十]{1,2}(?=[,、]))/;
// ①…⑳ (circled numbers) open the points of a list as 一是/二是 do
const ENUM_FIRST = new Set([...'一二三四五六七八九十其第①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'].map((c) => c.charCodeAt(0)));

export function splitSentences(mt: MatchText): Sentence[] {
  const s = mt.s;
  const n = s.length;
  const sentences: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? s.charCodeAt(i) : NEWLINE;
    if (CLS[code] !== S_END) continue;
    const end = code === NEWLINE ? i : i + 1; // keep 。 with its sentence; drop line breaks
    if (end > start && !(end === start + 1 && code !== NEWLINE)) {
      const lineStart = start === 0 || s.charCodeAt(start - 1) === NEWLINE;
      sentences.push({ index: sentences.length, start, end, lineStart, clauses: splitClauses(mt, start, end) });
    }
    start = i + 1;
  }
  return sentences;
}

function splitClauses(mt: MatchText, start: number, end: number): Clause[] {
  const s = mt.s;
  const flags = mt.flags;
  const clauses: Clause[] = [];
  let depth = 0;
  let cs = start;
  for (let i = start; i <= end; i++) {
    const atEnd = i === end;
    if (!atEnd) {
      const cls = CLS[s.charCodeAt(i)];
      if (!cls) continue;
      if (cls === OPEN_B) depth++;
      else if (cls === CLOSE_B) depth = depth > 0 ? depth - 1 : 0;
      if (cls !== C_END || depth !== 0 || (flags[i] & (FLAG_QUOTED | FLAG_TITLE)) !== 0) continue;
    }
    // close the clause [cs, i) without a trailing 。 or line break
    let b = i;
    while (b > cs && (s.charCodeAt(b - 1) === FULL_STOP || s.charCodeAt(b - 1) === NEWLINE)) b--;
    if (b > cs) {
      const enumStart = ENUM_FIRST.has(s.charCodeAt(cs)) && ENUM_RE.test(s.slice(cs, cs + 4));
      clauses.push({ start: cs, end: b, sep: atEnd ? '' : s[i], enumStart });
    }
    cs = i + 1;
  }
  return clauses;
}

/** Index of the sentence containing compact position `pos` (binary search). */
export function sentenceAt(sentences: Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const st = sentences[mid];
    if (pos < st.start) hi = mid - 1;
    else if (pos >= st.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Index of the clause of `st` containing `pos` (the last clause starting at or before it). */
export function clauseAt(st: Sentence, pos: number): number {
  let idx = 0;
  for (let i = 0; i < st.clauses.length; i++) if (st.clauses[i].start <= pos) idx = i;
  return idx;
}
