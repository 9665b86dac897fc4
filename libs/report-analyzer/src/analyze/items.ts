// Plan items and problems. Both are read the same way: the sentences of the plan (or shortcomings) part, minus
// headings and the introduction before the first numbered point, cut into clauses; consecutive clauses belong to
// one item while they keep to the same obligations, and a clause naming obligations disjoint from the current item
// starts a new one. 一是/二是 markers always separate items. A shortcoming item needs a shortcoming
// word; the clauses before a concession (尽管…, 但…) are not part of it.

import type { DocContext } from './context';
import { trimClause } from './context';
import type { Sentence } from './sentences';
import type { SentenceRole } from './sections';
import { OBLIGATIONS } from './catalogue';

export interface ItemC {
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
  problemCue: boolean;
}

/** Clauses longer than this many (with no obligation) form an item of their own in a plan. */
const STANDALONE_EMPTY_RUN = 3;
const MIN_ITEM_CHARS = 4;
const SHORT_ENUM_HEADING = 30;

export function linkObligations(ctx: DocContext, start: number, end: number): Set<string> {
  // set phrases such as "推动发展、化解矛盾、维护稳定" name no obligation
  const t = ctx.mt.s.slice(start, end).replace(ctx.lex.cues.linkIgnore, '〓');
  const ids = new Set<string>();
  for (const { id, re } of ctx.lex.topicRes) if (re.test(t)) ids.add(id);
  for (const rule of ctx.lex.claimRules) {
    if (rule.ids.length < 2) continue; // expansions ("三项制度") name several obligations
    rule.re.lastIndex = 0;
    if (rule.re.test(t) && (!rule.near || rule.near.test(t))) rule.ids.forEach((id) => ids.add(id));
  }
  return ids;
}

export function extractItems(ctx: DocContext, mode: 'plan' | 'problem'): ItemC[] {
  const { sentences, structure, lex, mt } = ctx;
  const role: SentenceRole = mode;
  const items: ItemC[] = [];
  // contiguous blocks of sentences of this role (a part, or a run of cue sentences), headings included
  const blocks: Sentence[][] = [];
  let cur: Sentence[] = [];
  for (const st of sentences) {
    const r = structure.role[st.index];
    const kind = structure.kindOf[st.index];
    const inPart = (mode === 'plan' && kind === 'plan') || (mode === 'problem' && kind === 'problems');
    if (r === role || (r === 'heading' && inPart)) cur.push(st);
    else if (r !== 'noise' || !cur.length) {
      if (cur.length) blocks.push(cur);
      cur = [];
    }
  }
  if (cur.length) blocks.push(cur);

  for (const block of blocks) {
    const isHeading = (st: Sentence) => structure.role[st.index] === 'heading';
    const enumerated = (st: Sentence) => st.clauses.some((c) => c.enumStart);
    const firstStruct = block.findIndex((st) => (isHeading(st) && !ctx.partHeadings.has(st.index)) || enumerated(st));
    block.forEach((st, i) => {
      if (isHeading(st)) return;
      if (firstStruct > 0 && i < firstStruct) return; // the introduction before the numbered points
      const t = mt.s.slice(st.start, st.end);
      if (lex.cues.reportIntro.test(t)) return;
      if (mode === 'problem' && lex.cues.problemIntro.test(t)) return;
      if (mode === 'plan' && lex.cues.planIntro.test(t)) return;
      if (mode === 'plan' && isEnumHeading(block, i, enumerated)) return;
      items.push(...sentenceItems(ctx, st, mode));
    });
  }
  return items;
}

/** "一是深化放管服改革,持续打造更优营商环境。" followed by its own sentences is a heading, not an item. */
function isEnumHeading(block: Sentence[], i: number, enumerated: (st: Sentence) => boolean): boolean {
  const st = block[i];
  if (!st.clauses[0]?.enumStart || st.clauses.slice(1).some((c) => c.enumStart)) return false;
  if (st.end - st.start > SHORT_ENUM_HEADING) return false;
  const next = block[i + 1];
  return !!next && !enumerated(next);
}

function sentenceItems(ctx: DocContext, st: Sentence, mode: 'plan' | 'problem'): ItemC[] {
  const { lex, mt } = ctx;
  let clauses = st.clauses;
  if (mode === 'problem') {
    // "尽管…, 但…": what comes before the concession is not the shortcoming
    let last = -1;
    clauses.forEach((c, i) => {
      if (i > 0 && lex.cues.concession.test(mt.s.slice(c.start, c.end))) last = i;
    });
    if (last > 0) clauses = clauses.slice(last);
  }
  const pieces: Piece[] = [];
  clauses.forEach((c, i) => {
    let r = trimClause(ctx, c);
    const raw = mt.s.slice(r.start, r.end);
    const conc = lex.cues.concession.exec(raw);
    if (conc) r = trimClause(ctx, { start: r.start + conc[0].length, end: r.end });
    if (r.end - r.start < 2) return;
    const t = mt.s.slice(r.start, r.end);
    pieces.push({
      start: r.start,
      end: r.end,
      ids: linkObligations(ctx, r.start, r.end),
      result: lex.cues.resultVerb.test(t),
      hardStart: c.enumStart,
      problemCue: lex.cues.problem.test(t),
    });
  });

  const groups: Array<{ pieces: Piece[]; ids: Set<string> }> = [];
  let run: { pieces: Piece[]; ids: Set<string> } | null = null;
  const flush = () => {
    if (run && run.pieces.length) groups.push(run);
    run = null;
  };
  for (const p of pieces) {
    const ids = p.result ? new Set<string>() : p.ids;
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
        ids.forEach((id) => r.ids.add(id));
      }
    } else if ([...ids].some((id) => r.ids.has(id))) {
      r.pieces.push(p);
      ids.forEach((id) => r.ids.add(id));
    } else {
      flush();
      run = { pieces: [p], ids: new Set(ids) };
    }
  }
  flush();

  const out: ItemC[] = [];
  for (const g of groups) {
    if (mode === 'problem' && !g.pieces.some((p) => p.problemCue)) continue;
    const start = g.pieces[0].start;
    const end = g.pieces[g.pieces.length - 1].end;
    if (end - start < MIN_ITEM_CHARS) continue;
    out.push({ start, end, obligationIds: orderIds(ctx, g.ids) });
  }
  return out;
}

const orderIds = (_ctx: DocContext, ids: Set<string>) => OBLIGATIONS.map((o) => o.id).filter((id) => ids.has(id));
