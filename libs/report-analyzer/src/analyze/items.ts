// Plan items and problems. Both are read the same way: the sentences of the plan (or shortcomings) part, minus
// headings and the introduction before the first numbered point, cut into clauses; consecutive clauses belong to
// one item while they keep to the same obligations, and a clause naming obligations disjoint from the current item
// starts a new one. 一是/二是 markers always separate items, and semicolons separate plan items. A shortcoming item
// needs a shortcoming word (summary wording such as 还有一定差距 counts alone only when it names an obligation); the
// clauses before a concession (尽管…, 但…) are not part of it.

import type { DocContext } from './context';
import { trimClause } from './context';
import type { Sentence } from './sentences';
import type { SentenceRole } from './sections';
import { OBLIGATIONS } from './catalogue';
import type { TopicRule } from './lexicon';

/** A plan item or a shortcoming, in compact-text coordinates (MatchText.s). */
export interface CompactItem {
  start: number;
  end: number;
  obligationIds: string[];
}

interface Piece {
  start: number;
  end: number;
  ids: Set<string>;
  /** a result/purpose clause: continues the item before it */
  result: boolean;
  hardStart: boolean;
  /** a shortcoming word other than summary wording */
  problemCue: boolean;
  /** summary wording only ("还有一定差距") */
  summaryCue: boolean;
}

// a point numbered "(二)", "2." or "二、" (一是/其一/第一 are marked on the clause itself)
const NUMBER_MARKER = /^(?:\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}(?:、|\.(?!\d))|[一二三四五六七八九十]{1,2}、)/;

/** Clauses longer than this many (with no obligation) form an item of their own in a plan. */
const STANDALONE_EMPTY_RUN = 3;
const MIN_ITEM_CHARS = 4;
const NEWLINE = 10;
const SHORT_ENUM_HEADING = 30;
// a shortcoming labelled "问题二:" in a list of problems
const PROBLEM_LABEL = /^问题[一二三四五六七八九十\d]{1,2}[:、.]/;
/** a numbered title longer than this is a statement, not the title of the body after it */
const MAX_TITLE = 40;

interface TopicHit {
  start: number;
  end: number;
  ids: string[];
  near?: RegExp;
}

/**
 * Topic words of every obligation in the span [from, to): each regex scans the span once (not once per clause), and
 * clauses then take the hits that lie inside them. Hits inside set phrases (linkIgnore) are dropped.
 */
export class TopicIndex {
  private readonly hits: TopicHit[] = [];

  constructor(private readonly ctx: DocContext, from: number, to: number, ranges: Array<[number, number]> = [[from, to]]) {
    const s = ctx.mt.s;
    const ignored: Array<[number, number]> = [];
    const ign = ctx.lex.linkIgnore;
    ign.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = ign.exec(s)) && m.index < to) {
      ignored.push([m.index, m.index + m[0].length]);
      if (!m[0].length) ign.lastIndex++;
    }
    const onHit = (rule: TopicRule, start: number, end: number) => {
      for (const [x, y] of ignored) if (start < y && end > x) return;
      this.hits.push({ start, end, ids: rule.ids, near: rule.near });
    };
    // only the given ranges (the blocks of plan or shortcoming sentences), not what lies between them
    for (const [a, b] of ranges) ctx.lex.topicDispatcher.forEachMatch(s, a, b, onHit);
    this.hits.sort((a, b) => a.start - b.start);
  }

  /** Obligations whose topic words lie inside [start, end). */
  idsIn(start: number, end: number): Set<string> {
    const ids = new Set<string>();
    const hits = this.hits;
    let lo = 0;
    let hi = hits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hits[mid].start < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < hits.length && hits[i].start < end; i++) {
      const h = hits[i];
      if (h.end > end) continue;
      if (h.near && !h.near.test(this.ctx.mt.s.slice(start, end))) continue;
      for (const id of h.ids) ids.add(id);
    }
    return ids;
  }
}

export function extractItems(ctx: DocContext, mode: 'plan' | 'problem'): CompactItem[] {
  const { sentences, structure, lex, mt } = ctx;
  const role: SentenceRole = mode;
  const items: CompactItem[] = [];
  // contiguous blocks of sentences of this role (a part, or a run of cue sentences), headings included
  const blocks: Sentence[][] = [];
  let cur: Sentence[] = [];
  for (const st of sentences) {
    const r = structure.role[st.index];
    const kind = structure.kindOf[st.index];
    const inPart = (mode === 'plan' && kind === 'plan') || (mode === 'problem' && kind === 'problems');
    // a part heading opens a block of its own: the items before it (a 整改措施 line closing the problems part) are no
    // introduction of the part's numbered points
    if (cur.length && ctx.partHeadings.has(st.index)) {
      blocks.push(cur);
      cur = [];
    }
    if (r === role || (r === 'heading' && inPart)) cur.push(st);
    else if (r !== 'noise' || !cur.length) {
      if (cur.length) blocks.push(cur);
      cur = [];
    }
  }
  if (cur.length) blocks.push(cur);
  if (!blocks.length) return items;
  const ranges = blocks.map((b): [number, number] => [b[0].start, b[b.length - 1].end]);
  const topics = new TopicIndex(ctx, ranges[0][0], ranges[ranges.length - 1][1], ranges);

  for (const block of blocks) {
    const isHeading = (st: Sentence) => structure.role[st.index] === 'heading';
    const enumerated = (st: Sentence) => st.clauses.some((c) => c.enumStart);
    const firstStruct = block.findIndex((st) => (isHeading(st) && !ctx.partHeadings.has(st.index)) || enumerated(st));
    let inCausePart = false; // under a sub-heading such as "(二)原因分析": causes, not shortcomings
    let consumed = -1; // sentences already taken into a titled shortcoming
    block.forEach((st, i) => {
      if (i <= consumed) return;
      if (mode === 'problem' && isHeading(st) && !ctx.partHeadings.has(st.index)) {
        inCausePart = lex.cues.causeHeading.test(mt.s.slice(st.start, st.end));
      }
      if (inCausePart) return;
      if (mode === 'problem' && !ctx.partHeadings.has(st.index)) {
        const titled = titledShortcoming(ctx, topics, block, i);
        if (titled) {
          items.push(titled.item);
          consumed = titled.last;
          return;
        }
      }
      if (isHeading(st) && !isBareItemHeading(ctx, block, i)) return;
      if (firstStruct > 0 && i < firstStruct) return; // the introduction before the numbered points
      const t = mt.s.slice(st.start, st.end);
      if (lex.cues.reportIntro.test(t)) return;
      if (mode === 'problem' && lex.cues.problemIntro.test(t)) return;
      // an introduction, unless the items follow it in the same sentence ("…抓好以下工作:1.…;2.…")
      if (mode === 'plan' && lex.cues.planIntro.test(t) && planLeadEnd(ctx, st) < 0) return;
      if (mode === 'plan' && isEnumHeading(block, i, enumerated)) return;
      items.push(...sentenceItems(ctx, topics, st, mode));
    });
  }
  return items;
}

/**
 * A numbered line of a plan or shortcomings part with no text of its own under it ("(二)进一步规范重大行政决策程序。"
 * followed by "(三)…") is the item itself, not a title: the next sentence of the part is a heading of the same or a
 * higher level, or the part ends. A title followed by its body ("(一)加强学习" + sentences) stays a title.
 */
function isBareItemHeading(ctx: DocContext, block: Sentence[], i: number): boolean {
  const st = block[i];
  if (ctx.partHeadings.has(st.index)) return false;
  const lv = ctx.structure.headingLevel[st.index];
  if (!lv) return false;
  // "…。(二)…。(三)…" on one line: a point of a run-on list, not a title standing on its own line
  if (st.start > 0 && ctx.mt.s.charCodeAt(st.start - 1) !== NEWLINE) return true;
  const next = block[i + 1];
  if (!next) {
    // the part may go on in another block (a heading of the part is kept in the block, so this is its end)
    const after = ctx.sentences[st.index + 1];
    if (after && ctx.structure.kindOf[after.index] === ctx.structure.kindOf[st.index] && ctx.structure.role[after.index] !== 'heading' && ctx.structure.role[after.index] !== 'noise') return false;
    return true;
  }
  const nl = ctx.structure.headingLevel[next.index];
  return nl > 0 && nl <= lv && ctx.structure.role[next.index] === 'heading';
}

/** The sentence opens with a point number or a 问题N label: the start of the text after it, or -1. */
function pointStart(ctx: DocContext, st: Sentence): number {
  const t = ctx.mt.s.slice(st.start, st.end);
  const m = NUMBER_MARKER.exec(t) ?? PROBLEM_LABEL.exec(t);
  return m ? st.start + m[0].length : -1;
}

const sameLine = (ctx: DocContext, a: Sentence, b: Sentence) => ctx.mt.s.slice(a.end, b.start).indexOf('\n') < 0;

/**
 * "(一)执法力量薄弱。执法队现有3人…。" or "问题二:案卷质量不高。抽查发现…。": a short numbered title with its body on the
 * same line is one shortcoming, title and body together (the body alone may hold no shortcoming word), up to the next
 * numbered point, the end of the line or a cause sentence ("主要原因是…"). Null when the sentence is no such title, or
 * when the body states several shortcomings of its own.
 */
function titledShortcoming(ctx: DocContext, topics: TopicIndex, block: Sentence[], i: number): { item: CompactItem; last: number } | null {
  const st = block[i];
  const from = pointStart(ctx, st);
  if (from < 0 || st.end - from > MAX_TITLE || st.clauses.length > 2) return null;
  const body = (j: number) => {
    const nx = block[j];
    if (!nx || !sameLine(ctx, block[j - 1], nx) || pointStart(ctx, nx) >= 0 || nx.clauses[0]?.enumStart) return false;
    const first = trimClause(ctx, nx.clauses[0] ?? nx);
    return !ctx.lex.cues.cause.test(ctx.mt.s.slice(first.start, first.end));
  };
  let last = i;
  while (body(last + 1)) last++;
  if (last === i) return null;
  // a body that states several shortcomings of its own stays several items (the title only heads them)
  let bodyItems = 0;
  for (let j = i + 1; j <= last; j++) bodyItems += sentenceItems(ctx, topics, block[j], 'problem').length;
  if (bodyItems > 1) return null;
  const end = trimClause(ctx, { start: block[last].start, end: block[last].end }).end;
  const start = trimClause(ctx, { start: from, end: st.end }).start;
  if (ctx.lex.cues.rectified.test(ctx.mt.s.slice(start, end))) return null;
  const ids = topics.idsIn(start, end);
  return { item: { start, end, obligationIds: orderIds(ctx, ids) }, last };
}

/** "一是深化放管服改革,持续打造更优营商环境。" followed by its own sentences is a heading, not an item. */
function isEnumHeading(block: Sentence[], i: number, enumerated: (st: Sentence) => boolean): boolean {
  const st = block[i];
  if (!st.clauses[0]?.enumStart || st.clauses.slice(1).some((c) => c.enumStart)) return false;
  if (st.end - st.start > SHORT_ENUM_HEADING) return false;
  const next = block[i + 1];
  return !!next && !enumerated(next);
}

function sentenceItems(ctx: DocContext, topics: TopicIndex, st: Sentence, mode: 'plan' | 'problem'): CompactItem[] {
  const { lex, mt } = ctx;
  let clauses = st.clauses;
  if (mode === 'problem') {
    // "尽管…, 但…": what comes before the concession is not the shortcoming
    let last = -1;
    clauses.forEach((c, i) => {
      if (i > 0 && lex.cues.concession.test(mt.s.slice(c.start, c.end))) last = i;
    });
    if (last > 0) clauses = clauses.slice(last);
    // "当然,…工作中还存在一些短板:部分…": the lead clauses up to the colon are not the shortcoming
    let lead = -1;
    clauses.forEach((c, i) => {
      if (c.sep === ':' && i + 1 < clauses.length && lex.cues.problemLead.test(mt.s.slice(c.start, c.end))) lead = i;
    });
    if (lead >= 0) clauses = clauses.slice(lead + 1);
  } else {
    // "2024年,我镇将重点抓好以下工作:1.…;2.…": the lead clauses up to the colon announce the items
    const lead = planLeadEnd(ctx, st);
    if (lead >= 0) clauses = clauses.slice(lead + 1);
  }
  const pieces: Piece[] = [];
  let causeFrom = false; // "究其原因,主要是…": a cause explains the shortcomings before it; the rest is no shortcoming
  // whether the semicolon-delimited stretch starting at clause i has a shortcoming word of its own
  const segmentCue = (i: number): boolean => {
    for (let j = i; j < clauses.length; j++) {
      const t = mt.s.slice(clauses[j].start, clauses[j].end);
      if (lex.cues.problem.test(lex.cues.problemSummary.test(t) ? t.replace(lex.problemSummaryAll, '〓') : t)) return true;
      if (clauses[j].sep === ';') break;
    }
    return false;
  };
  let listNext = false; // a clause that was only a list connector ("此外,", "另一方面,") opens the next item
  clauses.forEach((c, i) => {
    if (causeFrom) return;
    const afterSemicolon = i > 0 && clauses[i - 1].sep === ';';
    let r = trimClause(ctx, c);
    const raw = mt.s.slice(r.start, r.end);
    const conc = lex.cues.concession.exec(raw);
    if (conc) r = trimClause(ctx, { start: r.start + conc[0].length, end: r.end });
    const listStart = listNext || lex.cues.listConnector.test(mt.s.slice(c.start, c.end));
    listNext = false;
    if (r.end - r.start < 2) {
      listNext = listStart || c.enumStart; // "第二," alone: its point is the next clause
      return;
    }
    const t = mt.s.slice(r.start, r.end);
    if (mode === 'problem' && lex.cues.cause.test(t)) {
      causeFrom = true;
      return;
    }
    // "…培养法制审核人员,力争…不少于60学时": a target clause after a comma belongs to the commitment before it
    const result = lex.cues.resultVerb.test(t) || (!afterSemicolon && lex.cues.targetLead.test(t));
    const problemCue = mode === 'problem' && lex.cues.problem.test(lex.cues.problemSummary.test(t) ? t.replace(lex.problemSummaryAll, '〓') : t);
    const summaryCue = mode === 'problem' && lex.cues.problemSummary.test(t);
    pieces.push({
      start: r.start,
      end: r.end,
      ids: topics.idsIn(r.start, r.end),
      result,
      // in a plan, a semicolon separates commitments (unless what follows only states their purpose); in a list of
      // shortcomings it often joins the aspects of one
      // shortcomings, the aspects of one; but a shortcoming with a word of its own after a semicolon, or one opened by a
      // list connector, is the next one
      hardStart:
        c.enumStart ||
        (listStart && i > 0) ||
        (mode === 'plan' && afterSemicolon && !(result && lex.cues.purposeLead.test(t))) ||
        (mode === 'problem' && afterSemicolon && pieces.length > 0 && segmentCue(i) && pieces[pieces.length - 1].problemCue),
      // blanking the summary phrases changes nothing when the piece has none
      problemCue,
      summaryCue,
    });
  });

  const groups: Array<{ pieces: Piece[]; ids: Set<string> }> = [];
  let run: { pieces: Piece[]; ids: Set<string> } | null = null;
  const flush = () => {
    if (run && run.pieces.length) groups.push(run);
    run = null;
  };
  // in a numbered shortcoming ("(二)…", "二是…") a clause parts from the one before on its topics only when both state
  // a shortcoming ("决策目录尚未编制, 部分决策未经审查"); a clause of context ("…, 涉法事务主要依靠县司法局") or a
  // fact its verdict follows ("有2人无证, 执法力量不相匹配") stays with it
  const numbered =
    mode === 'problem' && !!clauses[0] && (clauses[0].enumStart || NUMBER_MARKER.test(mt.s.slice(clauses[0].start, clauses[0].end)));
  for (const p of pieces) {
    if (numbered && run !== null && !p.hardStart && !(p.problemCue && hasProblemCue((run as { pieces: Piece[] }).pieces))) {
      const r: { pieces: Piece[]; ids: Set<string> } = run;
      r.pieces.push(p);
      for (const id of p.ids) r.ids.add(id);
      continue;
    }
    // a result clause ("提高…能力") continues the item before it; opening an item, it is a commitment of its own
    const ids: Set<string> = p.result && run !== null && !p.hardStart ? new Set<string>() : p.ids;
    if (!run || p.hardStart) {
      flush();
      run = { pieces: [p], ids: new Set(ids) };
      continue;
    }
    const r: { pieces: Piece[]; ids: Set<string> } = run;
    if (!ids.size) {
      r.pieces.push(p);
    } else if (!r.ids.size) {
      if (mode === 'plan' && r.pieces.length >= STANDALONE_EMPTY_RUN) {
        flush();
        run = { pieces: [p], ids: new Set(ids) };
      } else {
        r.pieces.push(p);
        for (const id of ids) r.ids.add(id);
      }
    } else if (overlaps(ids, r.ids)) {
      r.pieces.push(p);
      for (const id of ids) r.ids.add(id);
    } else {
      flush();
      run = { pieces: [p], ids: new Set(ids) };
    }
  }
  flush();

  const out: CompactItem[] = [];
  for (const g of groups) {
    // a shortcoming needs a shortcoming word; summary wording alone counts only when it names an obligation
    if (mode === 'problem' && !hasProblemCue(g.pieces) && !(g.ids.size && g.pieces.some((p) => p.summaryCue))) continue;
    // "上年度…不到位问题已整改": a shortcoming stated as rectified is no open problem
    if (mode === 'problem' && g.pieces.some((p) => lex.cues.rectified.test(mt.s.slice(p.start, p.end)))) continue;
    const start = g.pieces[0].start;
    const end = g.pieces[g.pieces.length - 1].end;
    if (end - start < MIN_ITEM_CHARS) continue;
    out.push({ start, end, obligationIds: orderIds(ctx, g.ids) });
  }
  return out;
}

/**
 * Index of the clause ending the lead of a plan sentence ("2024年,我镇将重点抓好以下工作:" before "1.…;2.…"), or -1:
 * a colon followed by more clauses, where the text up to the colon announces the items.
 */
function planLeadEnd(ctx: DocContext, st: Sentence): number {
  const cs = st.clauses;
  const ci = cs.findIndex((c) => c.sep === ':');
  if (ci < 0 || ci + 1 >= cs.length) return -1;
  return ctx.lex.cues.planLead.test(ctx.mt.s.slice(st.start, cs[ci].end)) ? ci : -1;
}

const ORDER = OBLIGATIONS.map((o) => o.id);
const orderIds = (_ctx: DocContext, ids: Set<string>) => (ids.size ? ORDER.filter((id) => ids.has(id)) : []);

function overlaps(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function hasProblemCue(pieces: Piece[]): boolean {
  for (const p of pieces) if (p.problemCue) return true;
  return false;
}
