// Shared per-document state for the matchers, plus the small clause helpers they all use.

import type { CompiledLexicon } from './lexicon';
import type { MatchText } from './match-text';
import type { Sentence, Clause } from './sentences';
import type { Structure } from './sections';
import { isClaimKind } from './sections';

export interface DocContext {
  lex: CompiledLexicon;
  mt: MatchText;
  sentences: Sentence[];
  structure: Structure;
  reportYear: number | null;
  /** index of each part-heading sentence (their titles are structure, not claims) */
  partHeadings: Set<number>;
  /** claimSpans(), computed once */
  spans?: Array<[number, number]>;
}

// a count: a digit, or a Chinese numeral followed by a measure word ("两次", "十余件" is read by its numeral + 余 + unit)
const DIGIT_OR_NUMERAL = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) DIGIT_OR_NUMERAL[c] = 1;
for (const ch of '一二两三四五六七八九十百千万') DIGIT_OR_NUMERAL[ch.charCodeAt(0)] = 2;
const COUNT_UNIT = new Uint8Array(65536);
for (const ch of '次件个名人场项宗起份期') COUNT_UNIT[ch.charCodeAt(0)] = 1;

const AFTER_NUMERAL = new Uint8Array(65536);
for (const ch of '次件个名人场项宗起份期条家户所篇轮届余多') AFTER_NUMERAL[ch.charCodeAt(0)] = 1;

/**
 * True when s[a, b) may hold a number a metric reads: a digit, or a Chinese numeral before a measure word or 余/多
 * ("讲座四次", "十余场"). Sentences without one are not scanned for metrics.
 */
export function hasMetricNumber(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const k = DIGIT_OR_NUMERAL[s.charCodeAt(i)];
    if (k === 1) return true;
    if (k === 2 && i + 1 < b && AFTER_NUMERAL[s.charCodeAt(i + 1)]) return true;
  }
  return false;
}

/** True when s[a, b) states a count: any digit, or a Chinese numeral right before a measure word. One pass, no regex. */
export function hasCount(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const k = DIGIT_OR_NUMERAL[s.charCodeAt(i)];
    if (k === 1) return true;
    if (k === 2 && i + 1 < b && COUNT_UNIT[s.charCodeAt(i + 1)]) return true;
  }
  return false;
}

const LEADING_MARKER = /^(?:[\u2460-\u2473]|[一二三四五六七八九十]{1,2}[是要]|其[一二三四五六七八九十]|第[一二三四五六七八九十]{1,2}(?=[,、]|$)|\([一二三四五六七八九十\d]{1,3}\)[、.]?|[一二三四五六七八九十]{1,3}[、.]|\d{1,2}(?:[、]|\.(?!\d)))/;

/** Compact range of a clause without its enumeration marker, connector words and trailing punctuation. */
export function trimClause(ctx: DocContext, c: { start: number; end: number }): { start: number; end: number } {
  const s = ctx.mt.s;
  let a = c.start;
  let b = c.end;
  for (let guard = 0; guard < 3; guard++) {
    const t = s.slice(a, b);
    const m = LEADING_MARKER.exec(t) ?? ctx.lex.cues.connector.exec(t);
    if (!m || !m[0].length) break;
    a += m[0].length;
  }
  while (a < b && /[,;:、。\s]/.test(s[a])) a++;
  while (b > a && /[,;:、。\s]/.test(s[b - 1])) b--;
  return { start: a, end: b };
}

/**
 * The stretches of text made of performance statements (claim sentences and claim sub-headings), as [start, end)
 * ranges: the claim and metric rules scan only these, not the plan and shortcomings parts.
 */
export function claimSpans(ctx: DocContext): Array<[number, number]> {
  if (ctx.spans) return ctx.spans;
  const spans: Array<[number, number]> = (ctx.spans = []);
  for (const st of ctx.sentences) {
    if (!isClaimSentence(ctx, st.index)) continue;
    const last = spans[spans.length - 1];
    if (last && st.start - last[1] <= 1) last[1] = st.end;
    else spans.push([st.start, st.end]);
  }
  return spans;
}

/** True when the sentence is a performance statement the obligations may be evidenced from. */
export function isClaimSentence(ctx: DocContext, si: number): boolean {
  const role = ctx.structure.role[si];
  if (role === 'claim') return true;
  // a sub-heading inside a measures part ("(一)强化法治政府建设领导") is itself a claim
  return role === 'heading' && !ctx.partHeadings.has(si) && isClaimKind(ctx.structure.kindOf[si]);
}

// a year that opens a span up to now ("2018年以来", "2019年建街以来") is not another year
const YEAR_RE = /(19|20)\d\d(?=年)(?!年(以来|来|至今|起|始|底以来|[^,;:。]{1,6}(以来|至今)))/g;

/** The clause speaks of another year than the report year (history, or a future target). */
export function otherYear(ctx: DocContext, st: Sentence, ci: number): boolean {
  if (ctx.reportYear == null) return false;
  if (clauseNamesOtherYear(ctx, st.clauses[ci])) return true;
  // "2021年,西塘村获评…": a leading time clause dates the whole sentence
  const first = st.clauses[0];
  return ci > 0 && first.end - first.start <= 8 && clauseNamesOtherYear(ctx, first);
}

function clauseNamesOtherYear(ctx: DocContext, c: Clause): boolean {
  const t = ctx.mt.s.slice(c.start, c.end);
  if (t.indexOf('年') < 0) return false;
  YEAR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = YEAR_RE.exec(t))) {
    const y = Number(m[0]);
    if (y === ctx.reportYear) continue;
    // "对…2021年度执法案卷开展评查" in the 2022 report: last year's files are the object of this year's action
    if (ctx.reportYear != null && y === ctx.reportYear - 1 && t.startsWith('年度', m.index + 4) && PRIOR_YEAR_OBJECT.test(t.slice(0, m.index))) continue;
    return true;
  }
  return false;
}

// the object marker of an action, in the same clause before the year
const PRIOR_YEAR_OBJECT = /(对|将)[^,;:。]{0,16}$/;

/** The words just before `pos` in its clause negate it ("无规范性文件", "未发生…行政复议案件"). */
export function isNegated(ctx: DocContext, clauseStart: number, pos: number, matchEnd: number): boolean {
  const s = ctx.mt.s;
  const from = Math.max(clauseStart, pos - ctx.lex.negationWindow);
  const before = s.slice(from, pos);
  if (ctx.lex.negationCue.test(before)) return !ctx.lex.negationExempt.test(s.slice(from, matchEnd));
  return negatedAfter(ctx, matchEnd);
}

const CLAUSE_END = /[,;:。\n]/;

/** "案卷评查工作今年尚未开展": the clause closes on a negated action after the claim. */
function negatedAfter(ctx: DocContext, matchEnd: number): boolean {
  const after = ctx.lex.negationAfter;
  if (!after) return false;
  const s = ctx.mt.s;
  const limit = Math.min(s.length, matchEnd + ctx.lex.negationWindow);
  let end = matchEnd;
  while (end < limit && !CLAUSE_END.test(s[end])) end++;
  if (end === limit && end < s.length && !CLAUSE_END.test(s[end])) return false; // the clause runs on
  return after.test(s.slice(matchEnd, end));
}
