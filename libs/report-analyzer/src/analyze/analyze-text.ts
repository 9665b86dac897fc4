// The analysis pipeline: normalised text → sections, obligations, metrics, plan items, problems.
// Pure and synchronous; the lexicon is loaded and compiled once per process (or passed in).

import type { Analysis, EvidenceQuote, ObligationResult, Section, SectionKind, SourceFormat } from '../types';
import { toSimplifiedShadow } from '../extract';
import { OBLIGATIONS } from './catalogue';
import type { DocContext } from './context';
import { extractItems } from './items';
import { CompiledLexicon, loadLexicon, needsShadow } from './lexicon';
import { buildMatchText, toOriginalRange, unmaskOwnTitles } from './match-text';
import { extractMetrics } from './metrics';
import { CompactEvidence, matchObligations } from './obligation-matcher';
import { extractDue, extractTarget } from './plan-targets';
import { readReportYear, readTownship } from './report-meta';
import { analyzeStructure, CompactSection } from './sections';
import { splitSentences } from './sentences';
import { CODE_VERSION } from './version';

export interface AnalyzeOptions {
  /** A compiled lexicon; defaults to the bundled lexicon/lexicon.yaml. */
  lexicon?: CompiledLexicon;
}

export interface AnalyzeMeta {
  file: string;
  format: SourceFormat;
  sha256: string;
}

/** code version + lexicon version, e.g. "1.0.0+lexicon.12" */
export const analyzerVersion = (lex: Pick<CompiledLexicon, 'version'>): string => `${CODE_VERSION}+lexicon.${lex.version}`;

export function analyzeText(text: string, meta: AnalyzeMeta, options: AnalyzeOptions = {}): Analysis {
  const lex = options.lexicon ?? loadLexicon();
  // traditional text is matched through its same-length simplified shadow; text without a traditional form of any
  // lexicon character reads the same either way, so it skips the conversion
  const shadow = needsShadow(lex, text) ? toSimplifiedShadow(text) : text;
  const built = buildMatchText(text, shadow);
  const sentences = splitSentences(built);
  const structure = analyzeStructure(lex, built, sentences);
  const reportYear = readReportYear(lex, built, sentences, structure);
  const township = readTownship(lex, built, sentences, structure, text);
  // the township's own documents cited by title are its work, not a restated title
  const mt = unmaskOwnTitles(built, township.name && (shadow === text ? township.name : toSimplifiedShadow(township.name)));
  const partHeadings = new Set(structure.parts.map((p) => p.headingSentence).filter((i) => i >= 0));
  const ctx: DocContext = { lex, mt, sentences, structure, reportYear, partHeadings };

  const orig = (start: number, end: number) => balanceQuotes(text, toOriginalRange(mt, start, end));
  const quoteOf = (start: number, end: number, section: SectionKind, confidence: number): EvidenceQuote => {
    const r = orig(start, end);
    return { quote: text.slice(r.start, r.end), start: r.start, end: r.end, section, confidence };
  };

  const evidence = matchObligations(ctx);
  addSectionEvidence(ctx, evidence);
  addStructureEvidence(ctx, evidence);

  const obligations: ObligationResult[] = OBLIGATIONS.map(({ id, judgedBy }) => {
    // submission and publication are judged from dates, never from the text
    const evs = judgedBy === 'metadata' ? [] : (evidence.get(id) ?? []);
    return {
      id,
      status: evs.length ? 'evidenced' : 'not_found',
      evidence: evs.map((e) => quoteOf(e.start, e.end, e.section, e.confidence)),
      confidence: evs.length ? Math.max(...evs.map((e) => e.confidence)) : null,
    };
  });

  const metrics = extractMetrics(ctx).map((m) => {
    const r = orig(m.start, m.end);
    return { obligationId: m.obligationId, key: m.key, value: m.value, unit: m.unit, quote: text.slice(r.start, r.end), start: r.start, end: r.end };
  });

  const planYear = planYearOf(ctx);
  const planItems = extractItems(ctx, 'plan').map((it) => {
    const r = orig(it.start, it.end);
    const itemText = text.slice(r.start, r.end);
    return {
      text: itemText,
      obligationIds: it.obligationIds,
      target: extractTarget(lex, mt, it.start, it.end),
      due: extractDue(mt.s.slice(it.start, it.end), planYear),
      start: r.start,
      end: r.end,
    };
  });
  const problems = extractItems(ctx, 'problem').map((it) => {
    const r = orig(it.start, it.end);
    return { text: text.slice(r.start, r.end), obligationIds: it.obligationIds, start: r.start, end: r.end };
  });

  const sections: Section[] = [...structure.parts, ...structure.subs]
    .sort((a, b) => a.start - b.start || a.level - b.level)
    .map((p) => {
      const r = toOriginalRange(mt, p.start, p.end);
      const t = orig(p.titleStart, p.titleEnd);
      return { kind: p.kind, title: text.slice(t.start, t.end).replace(/[。:：]$/, ''), start: r.start, end: r.end, level: p.level };
    });

  return {
    schemaVersion: 1,
    analyzerVersion: analyzerVersion(lex),
    source: { file: meta.file, format: meta.format, sha256: meta.sha256, chars: text.length },
    township,
    reportYear,
    text,
    sections,
    obligations,
    metrics,
    planItems,
    problems,
  };
}

/** The plan year: a year in the plan part's title, else the year after the report year. */
function planYearOf(ctx: DocContext): number | null {
  for (const p of ctx.structure.parts) {
    if (p.kind !== 'plan') continue;
    const m = /(20\d\d)年/.exec(ctx.mt.s.slice(p.titleStart, p.titleEnd));
    if (m && (ctx.reportYear == null || Number(m[1]) > ctx.reportYear)) return Number(m[1]);
  }
  return ctx.reportYear == null ? null : ctx.reportYear + 1;
}

/** A part that is itself evidence ("二、党政主要负责人履行第一责任人职责情况" → first_responsible_person_duty). */
function addSectionEvidence(ctx: DocContext, evidence: Map<string, CompactEvidence[]>): void {
  const all: CompactSection[] = [...ctx.structure.parts, ...ctx.structure.subs];
  for (const [kind, id] of Object.entries(ctx.lex.sectionEvidence)) {
    const part = all.find((p) => p.kind === kind && p.headingSentence >= 0);
    if (!part || !id) continue;
    const st = ctx.sentences.find((x) => x.start >= part.start && x.start < part.end && ctx.structure.role[x.index] === 'claim');
    if (!st) continue;
    const list = evidence.get(id) ?? [];
    if (!list.some((e) => e.start >= part.start && e.start < part.end)) {
      const c = st.clauses[0];
      list.push({ start: c.start, end: c.end, section: kind as SectionKind, confidence: ctx.lex.confidence.section });
      list.sort((a, b) => a.start - b.start);
      evidence.set(id, list);
    }
  }
}

/** The structure obligations (rubric §2): judged from the parts the report has. */
function addStructureEvidence(ctx: DocContext, evidence: Map<string, CompactEvidence[]>): void {
  const { parts, subs } = ctx.structure;
  if (!ctx.structure.structured) return;
  // judged from the document's structure: as sure as the headings are
  const titleEv = (p: CompactSection): CompactEvidence => ({ start: p.titleStart, end: p.titleEnd, section: p.kind, confidence: 1 });
  const find = (kind: SectionKind) => parts.find((p) => p.kind === kind);
  const problems = find('problems');
  const plan = find('plan');
  const measures = parts.find((p) => p.kind === 'achievements' || p.kind === 'highlights');
  const firstResp = find('first_responsible') ?? subs.find((p) => p.kind === 'first_responsible');
  if (problems) evidence.set('annual_report_shortcomings', [titleEv(problems)]);
  if (plan) evidence.set('annual_report_next_year_plan', [titleEv(plan)]);
  if (firstResp) evidence.set('annual_report_first_responsible_section', [titleEv(firstResp)]);
  if (problems && plan && firstResp && measures) evidence.set('annual_report_content', [titleEv(measures), titleEv(firstResp)]);
}

/** Widens a quote range so that it does not cut a “…” pair in half. */
function balanceQuotes(text: string, r: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = r;
  const { open, close } = countQuotes(text, start, end);
  if (open > close && (text[end] === '”' || text[end] === '」')) end++;
  if (close > open && start > 0 && (text[start - 1] === '“' || text[start - 1] === '「')) start--;
  if (open === close && start > 0 && (text[start - 1] === '“' || text[start - 1] === '「') && (text[end] === '”' || text[end] === '」')) {
    start--;
    end++;
  }
  return { start, end };
}


const OPEN_QUOTE_1 = '“'.charCodeAt(0);
const OPEN_QUOTE_2 = '「'.charCodeAt(0);
const CLOSE_QUOTE_1 = '”'.charCodeAt(0);
const CLOSE_QUOTE_2 = '」'.charCodeAt(0);

/** Opening and closing quote marks in text[start, end) (counted in place: runs for every quote). */
function countQuotes(text: string, start: number, end: number): { open: number; close: number } {
  let open = 0;
  let close = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_QUOTE_1 || c === OPEN_QUOTE_2) open++;
    else if (c === CLOSE_QUOTE_1 || c === CLOSE_QUOTE_2) close++;
  }
  return { open, close };
}
