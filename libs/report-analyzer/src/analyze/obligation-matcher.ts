// Evidence for the text-judged obligations: every claim rule of the lexicon runs once over the whole (title-masked)
// matching text; each hit is kept only when it stands in a performance statement, is not negated, not history, and
// its near/notNear conditions hold. The quote is the clause the hit stands in.

import type { DocContext } from './context';
import { isClaimSentence, isNegated, otherYear, trimClause } from './context';
import { clauseAt, sentenceAt } from './sentences';
import type { SectionKind } from '../types';

export interface EvidenceC {
  start: number;
  end: number;
  section: SectionKind;
}

const MAX_QUOTE = 200;
const MAX_QUOTES_PER_OBLIGATION = 3;

export function matchObligations(ctx: DocContext): Map<string, EvidenceC[]> {
  const { lex, mt, sentences } = ctx;
  const text = mt.masked;
  const found = new Map<string, EvidenceC[]>();
  const seen = new Set<string>();
  const add = (id: string, ev: EvidenceC) => {
    const key = `${id}@${ev.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = found.get(id) ?? [];
    list.push(ev);
    found.set(id, list);
  };

  for (const rule of lex.claimRules) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text))) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const pos = m.index;
      const si = sentenceAt(sentences, pos);
      if (si < 0 || !isClaimSentence(ctx, si)) continue;
      const st = sentences[si];
      const ci = clauseAt(st, pos);
      const clause = st.clauses[ci];
      const clauseText = text.slice(clause.start, clause.end);
      if (rule.near && !rule.near.test(text.slice(st.start, st.end))) continue;
      if (rule.notNear && rule.notNear.test(clauseText)) continue;
      if (isNegated(ctx, clause.start, pos, pos + m[0].length)) continue;
      if (otherYear(ctx, st, ci)) continue;
      const trimmed = trimClause(ctx, clause);
      if (lex.cues.hedge.test(text.slice(trimmed.start, trimmed.end))) continue;
      let { start, end } = trimmed;
      if (end - start > MAX_QUOTE) {
        start = Math.max(start, pos - 60);
        end = Math.min(end, Math.max(pos + m[0].length + 60, start + 40));
      }
      for (const id of rule.ids) add(id, { start, end, section: ctx.structure.kindOf[si] });
    }
  }
  for (const list of found.values()) {
    list.sort((a, b) => a.start - b.start);
    list.splice(MAX_QUOTES_PER_OBLIGATION);
  }
  return found;
}
