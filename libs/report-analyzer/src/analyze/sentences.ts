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

const SENTENCE_END = new Set(['。', '!', '?', '！', '？', '\n']);
const CLAUSE_END = new Set([',', ';', ':', '，', '；', '：']);
const OPEN_BRACKETS = new Set(['(', '[', '【', '〔', '（']);
const CLOSE_BRACKETS = new Set([')', ']', '】', '〕', '）']);
const ENUM_RE = /^(?:[一二三四五六七八九十]{1,2}是|其[一二三四五六七八九十])/;

export function splitSentences(mt: MatchText): Sentence[] {
  const s = mt.s;
  const n = s.length;
  const sentences: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const ch = i < n ? s[i] : '\n';
    if (!SENTENCE_END.has(ch)) continue;
    const end = ch === '\n' || i === n ? i : i + 1; // keep 。 with its sentence; drop line breaks
    if (end > start && /\S/.test(s.slice(start, end))) {
      const lineStart = start === 0 || s[start - 1] === '\n';
      sentences.push({ index: sentences.length, start, end, lineStart, clauses: splitClauses(mt, start, end) });
    }
    start = i + 1;
  }
  return sentences;
}

function splitClauses(mt: MatchText, start: number, end: number): Clause[] {
  const s = mt.s;
  const clauses: Clause[] = [];
  let depth = 0;
  let cs = start;
  const push = (ce: number, sep: string) => {
    // trim the trailing 。 and surrounding separators out of the clause range
    let a = cs;
    let b = ce;
    while (b > a && (s[b - 1] === '。' || s[b - 1] === '\n')) b--;
    if (b > a) clauses.push({ start: a, end: b, sep, enumStart: ENUM_RE.test(s.slice(a, a + 3)) });
  };
  for (let i = start; i < end; i++) {
    const ch = s[i];
    if (OPEN_BRACKETS.has(ch)) depth++;
    else if (CLOSE_BRACKETS.has(ch)) depth = Math.max(0, depth - 1);
    const protectedChar = depth > 0 || (mt.flags[i] & (FLAG_QUOTED | FLAG_TITLE)) !== 0;
    if (!protectedChar && CLAUSE_END.has(ch)) {
      push(i, ch);
      cs = i + 1;
      continue;
    }
  }
  push(end, '');
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
