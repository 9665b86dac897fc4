// Document structure: heading levels, the kind of each part, and the role of every sentence.
//
// Heading markers: 一、 (level 1) / (一) （一） (level 2) / 1. 1、 (level 3) / (1) （1） (level 4), at the start of a
// sentence and short enough to be a title. The parts of the report are the level-1 headings; a report without them
// (an excerpt, a short report) gets its parts from level 2 only when those read like report parts, and otherwise has
// none: then each sentence's own wording decides whether it is a claim, a plan or a shortcoming.

import type { SectionKind } from '../types';
import type { CompiledLexicon } from './lexicon';
import type { MatchText } from './match-text';
import type { Sentence } from './sentences';

export type SentenceRole = 'claim' | 'plan' | 'problem' | 'heading' | 'noise' | 'title' | 'intro';

/** A part or sub-part of the report, in compact-text coordinates (MatchText.s; toOriginalRange maps them back). */
export interface CompactSection {
  kind: SectionKind;
  level: number;
  /** compact range of the whole part */
  start: number;
  end: number;
  /** index of the heading sentence (-1 for the preamble and for a plan split off a combined part) */
  headingSentence: number;
  /** compact range of the title */
  titleStart: number;
  titleEnd: number;
}

export interface Structure {
  /** top-level parts (preamble first), in order */
  parts: CompactSection[];
  /** sub-headings inside the parts */
  subs: CompactSection[];
  /** per sentence */
  role: SentenceRole[];
  kindOf: SectionKind[];
  headingLevel: number[];
  /** the report has parts from headings (so the structure obligations can be judged) */
  structured: boolean;
}

const HEADING_RES: Array<[number, RegExp]> = [
  // a line that is only a bracketed label ("【存在问题】") heads a part too
  [1, /^(?:[一二三四五六七八九十]{1,3}[、.]|第[一二三四五六七八九十]{1,3}(?:部分|章|节)[,:、]?|【(?=[^】]{2,20}】$))/],
  [2, /^\([一二三四五六七八九十]{1,3}\)[、.]?/],
  [3, /^\d{1,2}(?:[、]|\.(?!\d)|\.(?=(?:19|20)\d\d年))/], // "3.2026年工作打算" is a heading, "3.5万" is not
  [4, /^\(\d{1,2}\)/],
];
const MAX_TITLE = 90;
const FULL_STOP = '。'.charCodeAt(0);
const CLAIM_KINDS: ReadonlySet<SectionKind> = new Set(['preamble', 'achievements', 'first_responsible', 'highlights', 'other']);
export const isClaimKind = (k: SectionKind) => CLAIM_KINDS.has(k);

export function classifyTitle(lex: CompiledLexicon, title: string): { kind: SectionKind; combined: boolean } {
  const bare = title.replace(/^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)[、.]?|\d{1,2}[、.])/, '');
  const theme = lex.themeTitle.test(bare);
  const hits = lex.sectionKinds.filter((k) => k.re.test(title) && !(theme && k.kind === 'problems')).map((k) => k.kind);
  if (!hits.length) return { kind: 'other', combined: false };
  // "重点工作完成情况": a report of work done, though it names the plan's 重点工作/工作要点
  if (hits[0] === 'plan' && hits.includes('achievements') && lex.doneTitle?.test(bare)) return { kind: 'achievements', combined: false };
  if (hits[0] === 'first_responsible') return { kind: 'first_responsible', combined: false };
  const combined = hits.includes('problems') && hits.includes('plan');
  return { kind: hits[0], combined };
}

/** Headings of one level read as the report's parts: at least two of them name different part kinds. */
function readsAsParts(lex: CompiledLexicon, s: string, heads: Sentence[], titleEnd: number[]): boolean {
  const kinds = new Set(
    heads
      .map((st) => s.slice(st.start, titleEnd[st.index]))
      .filter((t) => t.length <= 24)
      .map((t) => classifyTitle(lex, t).kind)
      .filter((k) => k === 'achievements' || k === 'problems' || k === 'plan' || k === 'first_responsible'),
  );
  return kinds.size >= 2;
}

export function analyzeStructure(lex: CompiledLexicon, mt: MatchText, sentences: Sentence[]): Structure {
  const s = mt.s;
  const n = sentences.length;
  const headingLevel = new Array<number>(n).fill(0);
  const role = new Array<SentenceRole>(n).fill('claim');
  const titleEnd = new Array<number>(n).fill(0);

  let inFooter = false;
  for (const st of sentences) {
    const text = s.slice(st.start, st.end);
    // navigation, footer and signature lines never end with a full stop
    const bare = s.charCodeAt(st.end - 1) !== FULL_STOP && text.length <= 120;
    // a web page's footer (相关链接 and the titles listed under it, 主办单位, 备案号) closes the text
    if (!inFooter && bare && st.start > s.length / 2 && lex.cues.footer?.test(text)) inFooter = true;
    if (inFooter || (bare && (lex.cues.noise.test(text) || lex.cues.tableHeader.test(text)))) {
      role[st.index] = 'noise';
      continue;
    }
    for (const [level, re] of HEADING_RES) {
      const m = re.exec(text);
      if (!m) continue;
      const body = text.slice(m[0].length).replace(/[。:]$/, '');
      if (body.length >= 2 && body.length <= MAX_TITLE) {
        headingLevel[st.index] = level;
        titleEnd[st.index] = st.start + m[0].length + body.length;
        role[st.index] = 'heading';
      }
      break;
    }
  }

  // Title block: leading lines without sentence punctuation (report title, site navigation, dates).
  for (const st of sentences) {
    if (role[st.index] === 'heading') break;
    const text = s.slice(st.start, st.end);
    if (/[,;。!?]/.test(text)) break;
    if (role[st.index] === 'claim') role[st.index] = 'title';
  }

  // Which level forms the parts of the report.
  const levelHeads = (lv: number) => sentences.filter((st) => headingLevel[st.index] === lv);
  let top = levelHeads(1);
  if (!top.length) {
    const l2 = levelHeads(2);
    const kinds = new Set(
      l2
        .map((st) => s.slice(st.start, titleEnd[st.index]))
        .filter((t) => t.length <= 24)
        .map((t) => classifyTitle(lex, t).kind)
        .filter((k) => k === 'achievements' || k === 'problems' || k === 'plan' || k === 'first_responsible'),
    );
    if (kinds.size >= 2) top = l2;
  }
  // a report numbered 1. 2. 3. at the top (with (1) sub-parts) has its parts there
  if (!top.length) top = readsAsParts(lex, s, levelHeads(3), titleEnd) ? levelHeads(3) : [];
  const topLevel = top.length ? headingLevel[top[0].index] : 0;

  const parts: CompactSection[] = [];
  const textEnd = s.length;
  const firstStart = top.length ? top[0].start : textEnd;
  parts.push({ kind: 'preamble', level: 0, start: 0, end: firstStart, headingSentence: -1, titleStart: 0, titleEnd: 0 });
  top.forEach((h, i) => {
    const end = i + 1 < top.length ? top[i + 1].start : textEnd;
    const title = s.slice(h.start, titleEnd[h.index]);
    const { kind, combined } = classifyTitle(lex, title);
    const part: CompactSection = { kind, level: topLevel, start: h.start, end, headingSentence: h.index, titleStart: h.start, titleEnd: titleEnd[h.index] };
    parts.push(part);
    if (combined) {
      // "存在的不足和2024年主要工作安排": the plan starts at the first sentence that announces it
      const split = sentences.find((st) => st.start > h.start && st.start < end && role[st.index] !== 'heading' && lex.planStart.test(s.slice(st.start, st.end)));
      if (split) {
        part.end = split.start;
        part.kind = 'problems';
        parts.push({ kind: 'plan', level: topLevel, start: split.start, end, headingSentence: -1, titleStart: split.start, titleEnd: split.end });
      } else {
        part.kind = 'problems';
      }
    }
  });
  if (!top.length) addParagraphParts(lex, mt, sentences, role, parts);
  if (parts[0].end === 0) parts.shift();

  // Sub-headings.
  const subs: CompactSection[] = [];
  const kindOf = new Array<SectionKind>(n).fill('preamble');
  let pi = 0;
  for (const st of sentences) {
    while (pi + 1 < parts.length && st.start >= parts[pi + 1].start) pi++;
    const part = parts[pi];
    kindOf[st.index] = part ? part.kind : 'preamble';
    const lv = headingLevel[st.index];
    if (lv && lv > topLevel && part) {
      const title = s.slice(st.start, titleEnd[st.index]);
      const own = isClaimKind(part.kind) && lex.firstResponsibleSub.test(title) ? 'first_responsible' : part.kind;
      // the sub-part ends at the next heading of the same or a higher level, or with its part
      let end = part.end;
      for (let j = st.index + 1; j < n && sentences[j].start < part.end; j++) {
        const l = headingLevel[j];
        if (l && l <= lv) {
          end = sentences[j].start;
          break;
        }
      }
      subs.push({ kind: own, level: lv, start: st.start, end, headingSentence: st.index, titleStart: st.start, titleEnd: titleEnd[st.index] });
    }
  }

  const structured = parts.some((p) => p.kind !== 'preamble');
  // the preamble's framing ("…其他方面的工作基础还比较薄弱") is no shortcoming when the report has a part for them
  const problemsPart = parts.some((p) => p.kind === 'problems');
  for (const st of sentences) {
    const i = st.index;
    if (role[i] !== 'claim') continue;
    const text = s.slice(st.start, st.end);
    const kind = kindOf[i];
    if (lex.cues.reportIntro.test(text)) role[i] = 'intro';
    else if (kind === 'plan') role[i] = 'plan';
    else if (kind === 'problems') role[i] = lex.cues.rectifyMeasure?.test(text) ? 'plan' : 'problem';
    else if (!structured || kind === 'preamble' || kind === 'other') {
      // no part decides: the wording does (rubric §1)
      if (lex.cues.plan.test(text)) role[i] = 'plan';
      else if (!(problemsPart && kind === 'preamble') && lex.cues.problemSentence.test(text) && !lex.cues.rectified.test(text)) role[i] = 'problem';
    }
  }
  return { parts, subs, role, kindOf, headingLevel, structured };
}

/**
 * A report without headings (a short report) still has its shortcomings and its plan: a paragraph opening with
 * "…还存在一些短板/不足/问题" starts the shortcomings part, one opening with "20XX年,我镇将…" / "下一步,…" starts the
 * plan. Each part runs to the next such paragraph or to the end of the text; its title is the lead clause.
 */
function addParagraphParts(lex: CompiledLexicon, mt: MatchText, sentences: Sentence[], role: SentenceRole[], parts: CompactSection[]): void {
  if (!lex.problemsParagraph && !lex.planParagraph) return;
  const s = mt.s;
  const found: CompactSection[] = [];
  for (const st of sentences) {
    if (!st.lineStart || st.index === 0 || role[st.index] !== 'claim') continue;
    const t = s.slice(st.start, st.end);
    const kind: SectionKind | null =
      lex.problemsParagraph?.test(t) && !found.some((p) => p.kind === 'problems') ? 'problems'
      : lex.planParagraph?.test(t) && !found.some((p) => p.kind === 'plan') ? 'plan'
      : null;
    if (!kind) continue;
    if (kind === 'problems' && found.length) continue; // the shortcomings come before the plan
    // the title: the lead clauses up to a colon, or else at least the opening words ("2026年,我乡将继续加强…")
    let lead = st.clauses.find((c) => c.sep === ':');
    if (!lead) lead = st.clauses.find((c) => c.end - st.start >= 8) ?? st.clauses[st.clauses.length - 1];
    found.push({ kind, level: 1, start: st.start, end: s.length, headingSentence: -1, titleStart: st.start, titleEnd: lead ? lead.end : st.end });
  }
  if (!found.length) return;
  for (let i = 0; i + 1 < found.length; i++) found[i].end = found[i + 1].start;
  parts[0].end = found[0].start;
  parts.push(...found);
}
