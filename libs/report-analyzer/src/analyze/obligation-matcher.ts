// Evidence for the text-judged obligations: every claim rule of the lexicon runs once over the whole (title-masked)
// matching text; each hit is kept only when it stands in a performance statement, is not negated, not history, and
// its near/notNear conditions hold. The quote is the clause the hit stands in.

import type { DocContext } from './context';
import { claimSpans, hasCount, isClaimSentence, isNegated, otherYear, trimClause } from './context';
import { clauseAt, sentenceAt } from './sentences';
import type { Sentence } from './sentences';
import type { SectionKind } from '../types';
import type { ClaimRule } from './lexicon';

/** A quote evidencing an obligation, in compact-text coordinates (MatchText.s). */
export interface CompactEvidence {
  start: number;
  end: number;
  section: SectionKind;
  confidence: number;
}


const MAX_QUOTE = 200;
const MAX_QUOTES_PER_OBLIGATION = 3;
const CLAUSE_KEY = 1 << 24; // texts are far shorter than 16M characters

interface ClauseInfo {
  usable: boolean;
  start: number;
  end: number;
  text: string;
  /**
   * the confidence the clause allows (raised by a count, capped for a heading, the preamble or a list of areas) and
   * whether it names a meeting's agenda topics: computed on the first hit that passes the rule's own conditions
   */
  counted?: boolean;
  cap?: number;
  agenda?: boolean;
}

/** "因中心组本年度学习计划以经济工作为主,未安排法治专题学习": a clause giving the reason for an absence stated later. */
function explainsAbsence(ctx: DocContext, st: Sentence, ci: number, start: number, end: number): boolean {
  if (!ctx.lex.cues.absenceReason.test(ctx.mt.s.slice(start, end))) return false;
  for (let j = ci + 1; j < st.clauses.length; j++) {
    if (ctx.lex.negationCue.test(ctx.mt.s.slice(st.clauses[j].start, st.clauses[j].end))) return true;
  }
  return false;
}

// a clause that only names a topic ("法律明白人队伍建设方面") and leaves the statement to the next clause
const TOPIC_LEAD = /(方面|方面工作|工作上)$/;

/** "…队伍建设方面,今年尚未组织专门培训": a topic clause whose statement, in the next clause, is negated. */
function topicNegatedNext(ctx: DocContext, st: Sentence, ci: number, start: number, end: number): boolean {
  if (ci + 1 >= st.clauses.length || !TOPIC_LEAD.test(ctx.mt.s.slice(start, end))) return false;
  const next = st.clauses[ci + 1];
  const head = ctx.mt.s.slice(next.start, Math.min(next.end, next.start + ctx.lex.negationWindow));
  return ctx.lex.negationCue.test(head) && !ctx.lex.negationExempt.test(head);
}

export function matchObligations(ctx: DocContext): Map<string, CompactEvidence[]> {
  const { lex, mt, sentences } = ctx;
  const text = mt.masked;
  const found = new Map<string, CompactEvidence[]>();
  const seen = new Set<number>(); // obligation index × 2^24 + clause start
  // per clause: whether it can carry a claim at all, and its trimmed range (computed once)
  const clauseInfo = new Map<number, ClauseInfo>();
  const sentenceOk = new Map<number, boolean>();
  const sentenceText = new Map<number, string>();

  const spans = claimSpans(ctx);
  const onHit = (rule: ClaimRule, pos: number, matchEnd: number): void => {
    const si = sentenceAt(sentences, pos);
    if (si < 0) return;
    let ok = sentenceOk.get(si);
    if (ok === undefined) sentenceOk.set(si, (ok = isClaimSentence(ctx, si)));
    if (!ok) return;
    const st = sentences[si];
    const ci = clauseAt(st, pos);
    const clause = st.clauses[ci];
    let fresh = false;
    for (const k of rule.idIndex) if (!seen.has(k * CLAUSE_KEY + clause.start)) fresh = true;
    if (!fresh) return;
    let info = clauseInfo.get(clause.start);
    if (!info) {
      const t = trimClause(ctx, clause);
      const usable =
        !otherYear(ctx, st, ci) && !lex.cues.hedge.test(text.slice(t.start, t.end)) && !explainsAbsence(ctx, st, ci, t.start, t.end) &&
        !topicNegatedNext(ctx, st, ci, t.start, t.end);
      info = { usable, start: t.start, end: t.end, text: text.slice(clause.start, clause.end) };
      clauseInfo.set(clause.start, info);
    }
    if (!info.usable) return;
    if (rule.near) {
      let stText = sentenceText.get(si);
      if (stText === undefined) sentenceText.set(si, (stText = text.slice(st.start, st.end)));
      if (!rule.near.test(stText)) return;
    }
    if (rule.notNear && rule.notNear.test(info.text)) return;
    if (isNegated(ctx, clause.start, pos, matchEnd)) return;
    if (lex.cues.higherAct && lex.cues.higherAct.test(text.slice(clause.start, matchEnd))) return;
    if (info.agenda === undefined) {
      const c = lex.confidence;
      let cap = 1;
      if (ctx.structure.role[si] === 'heading') cap = c.heading;
      else if (ctx.structure.kindOf[si] === 'preamble') cap = c.preamble;
      if (c.listCue.test(info.text)) cap = Math.min(cap, c.list);
      info.cap = cap;
      info.counted = hasCount(text, clause.start, clause.end);
      info.agenda = lex.cues.agenda.test(info.text);
    }
    if (info.agenda && !rule.agendaOk) return; // a topic on a meeting's agenda is no claim of work done on it
    let { start, end } = info;
    if (end - start > MAX_QUOTE) {
      start = Math.max(start, pos - 60);
      end = Math.min(end, Math.max(matchEnd + 60, start + 40));
    }
    const confidence = Math.min(info.cap!, info.counted ? Math.max(rule.confidence, lex.confidence.counted) : rule.confidence);
    for (let j = 0; j < rule.ids.length; j++) {
      const id = rule.ids[j];
      const key = rule.idIndex[j] * CLAUSE_KEY + clause.start;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = found.get(id);
      const ev = { start, end, section: ctx.structure.kindOf[si], confidence };
      if (list) list.push(ev);
      else found.set(id, [ev]);
    }
  };
  // one pass for all phrases and rules (dispatched by their first two characters)
  for (const [a, b] of spans) lex.claimDispatcher.forEachMatch(text, a, b, onHit);
  // the strongest quotes are kept, in text order
  for (const list of found.values()) {
    if (list.length > MAX_QUOTES_PER_OBLIGATION) {
      list.sort((a, b) => b.confidence - a.confidence || a.start - b.start);
      list.splice(MAX_QUOTES_PER_OBLIGATION);
    }
    list.sort((a, b) => a.start - b.start);
  }
  return found;
}
