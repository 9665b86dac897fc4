// Township name and level, and the year the report covers, from the title block, the opening sentences and the
// signature. A 述法 report ("XX镇党委书记2023年度述法报告") and an excerpt that starts with site navigation are read
// the same way: the first place that names a township and a report year wins.

import type { TownshipLevel } from '../types';
import type { CompiledLexicon } from './lexicon';
import { MatchText, toOriginalRange } from './match-text';
import type { Sentence } from './sentences';
import type { Structure } from './sections';

export interface ReportMeta {
  township: { name: string | null; level: TownshipLevel | null };
  reportYear: number | null;
}

const YEAR = /(20\d\d)年度?/;
const NAME_PREFIX_BAD = /^[我本全各该乡镇]/;
/** words a lazy name match may start with that are not part of a name ("现将黄柏乡…") */
const LEADING_WORDS = /^(现将|关于|对于|对|在|据|将|由)/;

export function levelOf(name: string): TownshipLevel {
  if (name.endsWith('镇')) return 'town';
  if (name.endsWith('乡') || name.endsWith('苏木')) return 'township';
  if (name.endsWith('街道') || name.endsWith('街')) return 'street';
  return 'unknown';
}

/** Candidate sentences in reading order of trust: title block, opening, report announcement, signature. */
function candidates(sentences: Sentence[], structure: Structure): Sentence[] {
  const out: Sentence[] = [];
  const push = (st: Sentence | undefined) => st && !out.includes(st) && out.push(st);
  sentences.slice(0, 3).forEach(push); // the title block, even when it reads like a signature line
  sentences.filter((st) => structure.role[st.index] === 'title').forEach(push);
  sentences.filter((st) => structure.role[st.index] !== 'noise' && structure.kindOf[st.index] === 'preamble').slice(0, 4).forEach(push);
  sentences.filter((st) => structure.role[st.index] === 'intro').forEach(push);
  sentences.slice(-6).forEach(push);
  return out;
}

export function readTownship(lex: CompiledLexicon, mt: MatchText, sentences: Sentence[], structure: Structure, original: string): ReportMeta['township'] {
  for (const st of candidates(sentences, structure)) {
    const t = mt.s.slice(st.start, st.end);
    lex.meta.township.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = lex.meta.township.exec(t))) {
      const raw = m.groups?.name ?? '';
      const lead = LEADING_WORDS.exec(raw)?.[0].length ?? 0;
      const name = raw.slice(lead);
      const suffix = /(街道|苏木|镇|乡|街)$/.exec(name)?.[1] ?? '';
      if (name.length - suffix.length < 2 || lex.meta.stop.test(name) || NAME_PREFIX_BAD.test(name)) continue;
      // the name as written in the original (traditional characters stay traditional)
      const at = st.start + m.index + m[0].length - raw.length + lead;
      const r = toOriginalRange(mt, at, at + name.length);
      return { name: original.slice(r.start, r.end), level: levelOf(name) };
    }
  }
  return { name: null, level: null };
}

export function readReportYear(lex: CompiledLexicon, mt: MatchText, sentences: Sentence[], structure: Structure): number | null {
  const s = mt.s;
  const textOf = (st: Sentence) => s.slice(st.start, st.end);
  // 1. the title block: "金马镇2023年法治政府建设工作报告", "关于2023年度法治政府建设情况的报告"
  for (const st of sentences) {
    if (structure.role[st.index] !== 'title') continue;
    const t = textOf(st);
    const m = YEAR.exec(t);
    if (m && lex.meta.reportWords.test(t)) return Number(m[1]);
  }
  // 2. the announcement: "现将2023年法治政府建设情况报告如下"
  for (const st of sentences) {
    if (structure.role[st.index] !== 'intro') continue;
    const m = YEAR.exec(textOf(st));
    if (m) return Number(m[1]);
  }
  // 3. the opening sentence: "2025年,插甸镇在县委、县政府的坚强领导下…"
  const opening = sentences.find((st) => structure.role[st.index] === 'claim' && structure.kindOf[st.index] === 'preamble');
  if (opening) {
    const m = /^(20\d\d)年(度)?(?!\d)/.exec(textOf(opening));
    if (m) return Number(m[1]);
  }
  // 4. the titles of the parts: "一、2023年推进法治政府建设的主要举措和成效" / "四、2026年工作计划"
  for (const p of structure.parts) {
    if (p.headingSentence < 0) continue;
    const m = YEAR.exec(s.slice(p.titleStart, p.titleEnd));
    if (!m) continue;
    if (p.kind === 'plan') return Number(m[1]) - 1;
    if (p.kind === 'achievements' || p.kind === 'first_responsible' || p.kind === 'problems') return Number(m[1]);
  }
  // 5. any title-like or opening sentence that names a year next to report words
  for (const st of sentences.slice(0, 8)) {
    const t = textOf(st);
    const m = YEAR.exec(t);
    if (m && lex.meta.reportWords.test(t)) return Number(m[1]);
  }
  return null;
}
