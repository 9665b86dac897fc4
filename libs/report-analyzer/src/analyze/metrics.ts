// Metrics: numbers the report states for the report year, per metrics.tsv key. Each lexicon rule runs once over the
// matching text; a hit counts only in a performance statement, not negated, not history, with its subject in the
// clause (or carried by the list of counts before it), and not claimed by an earlier rule of the same group.

import type { DocContext } from './context';
import { claimSpans, hasMetricNumber, isClaimSentence, isNegated, otherYear, trimClause } from './context';
import { clauseAt, sentenceAt, Sentence } from './sentences';
import { parseReportNumber } from './chinese-numbers';
import type { MetricRuleCompiled } from './lexicon';
import { FLAG_QUOTED, FLAG_TITLE } from './match-text';

/** A metric read from the text; its quote in compact-text coordinates (MatchText.s). */
export interface CompactMetric {
  obligationId: string;
  key: string;
  value: number;
  unit: string;
  start: number;
  end: number;
}

const HAS_COUNT = /\d|[一二两三四五六七八九十百千万](次|件|个|名|人|场|项|宗|起|份)/;

const PER_PERIOD_BEFORE = /每(个)?(月|季度|周|半年)[^,;:。\d]{0,10}$/;
// "近30次", "近百场": an approximation from below with no bound is no count
const NEAR_BEFORE = /(?<!最)近$|将近$|接近$/;
// "3至5次不等": a range reads as its lower bound
const RANGE_LOW = /(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)(?:至|到|-|~|—|－)$/;
// a clause breaking the figure before it down ("…154项,其中基本履职事项93项")
const BREAKDOWN_CLAUSE = /^其中/;

/** The number at `pos` stands inside a bracket that opens with 其中 (a breakdown of the total before it). */
function inBreakdown(text: string, clauseStart: number, pos: number): boolean {
  const open = text.lastIndexOf('(', pos);
  if (open < clauseStart || text.lastIndexOf(')', pos) > open) return false;
  return text.startsWith('其中', open + 1);
}

export function extractMetrics(ctx: DocContext): CompactMetric[] {
  const { lex, mt, sentences } = ctx;
  const text = mt.masked;
  const out: CompactMetric[] = [];
  const claimed = new Set<string>(); // group@numberPosition
  const dup = new Set<string>();
  const emitted = new Set<string>(); // obligation.key@sentence index: a figure already read from the sentence
  const summed = new Map<string, { clause: number; metric: CompactMetric }>();
  // only the claim sentences that hold a number at all
  const spans: Array<[number, number]> = [];
  for (const [a, b] of claimSpans(ctx)) {
    for (let si = sentenceAt(sentences, a); si >= 0 && si < sentences.length && sentences[si].start < b; si++) {
      const st = sentences[si];
      if (!hasMetricNumber(text, st.start, st.end)) continue;
      const last = spans[spans.length - 1];
      if (last && st.start - last[1] <= 1) last[1] = st.end;
      else spans.push([st.start, st.end]);
    }
  }
  const onHit = (rule: MetricRuleCompiled, m: RegExpExecArray, at: number): void => {
    const numText = numberOf(m);
    if (!numText) return;
    const numPos = at + m[0].indexOf(numText);
    if (mt.flags[numPos] & (FLAG_TITLE | FLAG_QUOTED)) return; // names and slogans, not counts
    const si = sentenceAt(sentences, at);
    if (si < 0 || !isClaimSentence(ctx, si)) return;
    const st = sentences[si];
    if (lex.cues.example.test(text.slice(st.start, st.start + 6))) return; // an example's numbers are a part (cue is anchored)
    const ci = clauseAt(st, numPos);
    const clause = st.clauses[ci];
    // a clause listing counts ("中心组学法8次、干部集中学法16次") is judged by the count's own piece
    const pieces = countPieces(text, clause.start, clause.end);
    const own = pieces.find((p) => numPos >= p[0] && numPos < p[1]) ?? [clause.start, clause.end];
    const clauseText = text.slice(own[0], own[1]);
    // a frequency ("每月集中学习一次") and a breakdown in brackets ("(其中专题讲座四次)") are no count of the year
    if (PER_PERIOD_BEFORE.test(text.slice(Math.max(clause.start, numPos - 14), numPos))) return;
    if (inBreakdown(text, clause.start, numPos)) return;
    if (NEAR_BEFORE.test(text.slice(Math.max(clause.start, numPos - 2), numPos))) return;
    if (BREAKDOWN_CLAUSE.test(text.slice(clause.start, clause.end)) && emitted.has(`${rule.obligation}.${rule.key}@${si}`)) return;
    if (rule.block && rule.block.test(clauseText)) return;
    if (rule.sentenceBlock && rule.sentenceBlock.test(text.slice(st.start, st.end))) return;
    if (rule.near && !rule.near.test(text.slice(st.start, st.end))) return;
    if (rule.segmentBlock && !(rule.ownSubject && rule.ownSubject.test(clauseText))) {
      if (rule.segmentBlock.test(segmentText(text, st, ci))) return;
    }
    if (rule.context && !hasContext(text, st, ci, rule.context, rule.block, pieces.length > 1 ? pieces.filter((p) => p[1] <= own[0]).reverse() : NO_PIECES)) return;
    if (isNegated(ctx, clause.start, at, at + m[0].length)) return;
    if (otherYear(ctx, st, ci)) return;
    if (multiYear(ctx, text, st, ci)) return;
    const parts = rule.sum ? numbersOf(m, at) : [{ text: numText, pos: numPos }];
    const low = parts.length === 1 ? RANGE_LOW.exec(text.slice(Math.max(clause.start, numPos - 8), numPos)) : null;
    const value = low ? parseReportNumber(low[1]) : parts.reduce((acc, p) => acc + parseReportNumber(p.text), 0);
    if (!Number.isFinite(value) || value < 0) return;
    if (rule.unit === '%' && value > 100) return;
    const groupKey = rule.group ? `${rule.group}@${numPos}` : '';
    if (groupKey && claimed.has(groupKey)) return;
    const dupKey = `${rule.obligation}.${rule.key}@${numPos}`;
    if (dup.has(dupKey)) return;
    for (const p of parts) {
      dup.add(`${rule.obligation}.${rule.key}@${p.pos}`);
      if (rule.group) claimed.add(`${rule.group}@${p.pos}`);
    }
    const q = trimClause(ctx, clause);
    const sentenceKey = `${rule.obligation}.${rule.key}@${si}`;
    const earlier = rule.sumSentence ? summed.get(sentenceKey) : undefined;
    if (earlier && earlier.clause !== clause.start) {
      // another clause of the same sentence adds to the figure ("…2名律师担任法律顾问, 同时设立公职律师1名")
      earlier.metric.value += value;
      earlier.metric.start = Math.min(earlier.metric.start, q.start);
      earlier.metric.end = Math.max(earlier.metric.end, q.end);
      return;
    }
    const metric = { obligationId: rule.obligation, key: rule.key, value, unit: rule.unit, start: q.start, end: q.end };
    out.push(metric);
    emitted.add(sentenceKey);
    if (rule.sumSentence) summed.set(sentenceKey, { clause: clause.start, metric });
  };
  // collect the hits, then judge them rule by rule in lexicon order: within a group the earlier rule wins a number
  const hits: Array<{ rule: MetricRuleCompiled; m: RegExpExecArray; at: number }> = [];
  for (const [a, b] of spans) lex.metricDispatcher.forEachMatch(text, a, b, (rule, at, _end, m) => hits.push({ rule, m: m!, at }));
  hits.sort((x, y) => x.rule.order - y.rule.order || x.at - y.at);
  for (const h of hits) onHit(h.rule, h.m, h.at);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The subject is in the clause, or in the clause before it; a run of counted clauses ("受理矛盾纠纷456宗,化解450宗")
 * carries the subject forward, but stops at a clause that names a blocked subject.
 */
function hasContext(text: string, st: Sentence, ci: number, context: RegExp, block?: RegExp, before: Array<[number, number]> = []): boolean {
  const c = st.clauses[ci];
  const ownStart = before.length ? before[0][1] : c.start;
  if (context.test(text.slice(before.length ? ownStart : c.start, c.end))) return true;
  // the earlier pieces of a list of counts in the same clause, nearest first — only for a piece without a subject of
  // its own ("受理纠纷120件、化解115件"), not for one that names another activity ("中心组学习13次、专题法治学习11次")
  if (before.length && text.slice(ownStart, c.end).search(/\d|[一二两三四五六七八九十百千万]/) > 4) return false;
  for (const [a, b] of before) {
    const t = text.slice(a, b);
    if (block && block.test(t)) return false;
    if (context.test(t)) return true;
  }
  for (let j = ci - 1; j >= 0; j--) {
    const t = text.slice(st.clauses[j].start, st.clauses[j].end);
    if (block && block.test(t)) return false;
    if (context.test(t)) return true;
    if (!HAS_COUNT.test(t)) return false;
  }
  return false;
}

const NO_PIECES: Array<[number, number]> = [];
const COUNT_THEN_LIST = /(?:\d|[一二两三四五六七八九十百千万])(?:余|多)?(?:场次|人次|次|场|件|个|名|人|项|期|宗|起|条|份|户|家|篇|轮)、/g;

/** A clause cut after each listed count ("…学法8次、…学法16次"): [start, end) pieces; one piece when there is no list. */
function countPieces(text: string, start: number, end: number): Array<[number, number]> {
  const list = text.indexOf('、', start);
  if (list < 0 || list >= end) return [[start, end]];
  const t = text.slice(start, end);
  const out: Array<[number, number]> = [];
  let a = start;
  COUNT_THEN_LIST.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COUNT_THEN_LIST.exec(t))) {
    const cut = start + m.index + m[0].length;
    out.push([a, cut]);
    a = cut;
  }
  out.push([a, end]);
  return out;
}

/** The clauses around clause `ci` up to a ';' on either side (the statement the clause belongs to). */
function segmentText(text: string, st: Sentence, ci: number): string {
  let a = ci;
  while (a > 0 && st.clauses[a - 1].sep !== ';') a--;
  let b = ci;
  while (b < st.clauses.length - 1 && st.clauses[b].sep !== ';') b++;
  return text.slice(st.clauses[a].start, st.clauses[b].end);
}

const SINCE_YEAR = /((?:19|20)\d\d)年[^,;:。]{0,8}(以来|至今)/;

/**
 * The count is a total over several years: its clause (or the sentence's short opening clause) says so ("近三年",
 * "五年来"), or counts from an earlier year up to now ("2019年以来累计…").
 */
function multiYear(ctx: DocContext, text: string, st: Sentence, ci: number): boolean {
  const check = (c: { start: number; end: number }) => {
    const t = text.slice(c.start, c.end);
    if (ctx.lex.cues.multiYear.test(t)) return true;
    const m = ctx.reportYear != null && t.indexOf('年') >= 0 ? SINCE_YEAR.exec(t) : null;
    return m !== null && Number(m[1]) < ctx.reportYear!;
  };
  if (check(st.clauses[ci])) return true;
  const first = st.clauses[0];
  return ci > 0 && first.end - first.start <= 12 && check(first);
}

/** Every number the match reads, with its position (named groups n0, n1… in order). */
function numbersOf(m: RegExpExecArray, at: number): Array<{ text: string; pos: number }> {
  const out: Array<{ text: string; pos: number }> = [];
  const g = m.groups ?? {};
  let from = 0;
  for (const k of Object.keys(g).filter((k) => k[0] === 'n').sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))) {
    const v = g[k];
    if (v === undefined) continue;
    const i = m[0].indexOf(v, from);
    out.push({ text: v, pos: at + i });
    from = i + v.length;
  }
  return out;
}

function numberOf(m: RegExpExecArray): string {
  const g = m.groups ?? {};
  for (const k in g) if (k[0] === 'n' && g[k] !== undefined) return g[k];
  return '';
}
