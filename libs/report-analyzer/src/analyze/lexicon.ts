// The wording knowledge is data (../../lexicon/lexicon.yaml), versioned beside the code so a bureau can extend it
// without a code change. This module loads it, validates it with zod (clear, path-qualified errors), and compiles
// every pattern once per load. Nothing here knows any particular report.

import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConverterFactory, Locale } from 'opencc-js';
import { METRIC_KEYS, OBLIGATION_IDS, OBLIGATIONS } from './catalogue';
import { CHINESE_NUMERAL_CHARS } from './chinese-numbers';
import { SectionKind } from '../types';
import { StartPairDispatcher } from './regex-index/start-pair-dispatcher';

export const DEFAULT_LEXICON_PATH = path.resolve(__dirname, '../../lexicon/lexicon.yaml');

const regexString = z.string().min(1);
const patternEntry = z.union([
  regexString,
  z.object({
    re: regexString,
    /** must also occur in the same sentence */
    near: regexString.optional(),
    /** must not occur in the same clause */
    notNear: regexString.optional(),
    /** confidence of a claim this pattern finds (default: confidence.default) */
    confidence: z.number().min(0).max(1).optional(),
    note: z.string().optional(),
  }),
]);

const confidenceBlock = z
  .object({
    note: z.string().optional(),
    /** a stated action */
    default: z.number().min(0).max(1).default(0.9),
    /** the clause states a count ("开展…6次") */
    counted: z.number().min(0).max(1).default(1),
    /** at most this for a sub-heading alone ("(二)提升政务服务水平") */
    heading: z.number().min(0).max(1).default(0.6),
    /** at most this for the opening summary of the report */
    preamble: z.number().min(0).max(1).default(0.75),
    /** at most this for a part that is evidence as a whole (sectionEvidence) */
    section: z.number().min(0).max(1).default(0.7),
    /** at most this for an area named in a list of areas (listCue in the clause) */
    list: z.number().min(0).max(1).default(0.6),
    listCue: regexString.default('等方面|等领域'),
  })
  .default({ default: 0.9, counted: 1, heading: 0.6, preamble: 0.75, section: 0.7, list: 0.6, listCue: '等方面|等领域' });

const obligationLexicon = z.object({
  note: z.string().optional(),
  /** literal claim phrases (also the naive baseline's phrase list) */
  phrases: z.array(z.string().min(1)).default([]),
  /** regex claim patterns; a match in a performance sentence evidences the obligation */
  patterns: z.array(patternEntry).default([]),
  /** weaker topic words: link plan items and problems only, never evidence */
  topics: z.array(regexString).default([]),
});

const sectionKindEnum = z.enum(['preamble', 'achievements', 'first_responsible', 'highlights', 'problems', 'plan', 'other']);

const metricRule = z.object({
  obligation: z.string(),
  key: z.string(),
  /** regex with the placeholder {N} for the number */
  re: regexString,
  /** must occur in the clause, or in the clause before it (a list of counts carries its subject forward) */
  context: regexString.optional(),
  /** vetoes the match when it occurs in the clause */
  block: regexString.optional(),
  /** vetoes the match when it occurs anywhere in the sentence (e.g. a count that pools two kinds of adviser) */
  sentenceBlock: regexString.optional(),
  /**
   * vetoes the match when it occurs in the clauses around it up to a ';' (the statement the number belongs to), unless
   * the number's own clause names `ownSubject` (e.g. 镇政府聘请法律顾问2名 beside a clause on village advisers)
   */
  segmentBlock: regexString.optional(),
  /** must occur somewhere in the sentence */
  near: regexString.optional(),
  ownSubject: regexString.optional(),
  /** the value is the sum of every {N} the match reads (a listed breakdown: 公职律师1名、社会律师2名) */
  sum: z.boolean().optional(),
  /** rules sharing a group claim a number once; the first rule in file order wins */
  group: z.string().optional(),
  /**
   * counts of this key in separate clauses of one sentence are parts of one figure and are summed ("聘请2名律师担任
   * 法律顾问, 同时设立公职律师1名" = 3)
   */
  sumSentence: z.boolean().optional(),
  note: z.string().optional(),
});

export const lexiconSchema = z.object({
  version: z.union([z.string().min(1), z.number()]).transform(String),
  note: z.string().optional(),
  negation: z.object({
    note: z.string().optional(),
    cues: regexString,
    exempt: regexString,
    window: z.number().int().min(1).max(40),
    /** a negation after the claim, closing its clause ("案卷评查工作今年尚未开展") */
    after: regexString.optional(),
  }),
  sections: z.object({
    kinds: z.array(z.object({ kind: sectionKindEnum, re: regexString })).min(1),
    firstResponsibleSub: regexString,
    themeTitle: regexString,
    /** a title reporting work done ("重点工作完成情况") is a measures part even where it names a plan word */
    doneTitle: regexString.optional(),
    planStart: regexString,
    /** without headings: a paragraph opening with this starts the shortcomings part */
    problemsParagraph: regexString.optional(),
    /** without headings: a paragraph opening with this starts the plan part */
    planParagraph: regexString.optional(),
  }),
  cues: z.object({
    plan: regexString,
    problem: regexString,
    problemSentence: regexString,
    problemSummary: regexString,
    problemIntro: regexString,
    planIntro: regexString,
    problemLead: regexString,
    /** a sentence giving an example: its numbers are no metric */
    example: regexString,
    /** a total over several years: no metric */
    multiYear: regexString,
    /** a clause opening a cause statement: it and what follows are no shortcoming */
    cause: regexString,
    /** a sub-heading of a cause part */
    causeHeading: regexString,
    /** a shortcoming stated as rectified: no open problem */
    rectified: regexString,
    /** a clause naming the topics a meeting studied: claims only for agendaIds */
    agenda: regexString,
    concession: regexString,
    connector: regexString,
    resultVerb: regexString,
    /** a target clause ("力争…", "争取…"): after a comma it belongs to the commitment before it */
    targetLead: regexString,
    /** after a semicolon, the result clauses that still continue the commitment before them */
    purposeLead: regexString,
    /** a clause opening the next item of a list ("另一方面", "此外") */
    listConnector: regexString,
    /** the text before a colon that announces the plan items after it in the same sentence */
    planLead: regexString,
    noise: regexString,
    /** a line opening a web page's footer (相关链接, 主办单位, 备案号): it and every line after it are noise */
    footer: regexString.optional(),
    /** the header row of a table flattened to text (序号,工作类别,完成情况): structure, not a statement */
    tableHeader: regexString,
    /** a clause giving the reason for an absence stated after it ("因…, 未安排…"): no claim */
    absenceReason: regexString,
    reportIntro: regexString,
    hedge: regexString,
    /**
     * the clause, up to a claim, states a higher body's act or requirement addressed to the townships ("县委要求各乡镇…",
     * "县…办将法治建设纳入对乡镇的考核"): not the township's own work
     */
    higherAct: regexString.optional(),
    /** a line of a problems part labelled as the measure rectifying the shortcoming before it ("整改措施:将…"): a plan item */
    rectifyMeasure: regexString.optional(),
    linkIgnore: regexString,
  }),
  obligations: z.record(z.string(), obligationLexicon),
  expansions: z
    .array(
      z.object({
        re: regexString,
        near: regexString.optional(),
        ids: z.array(z.string()).min(1),
        confidence: z.number().min(0).max(1).optional(),
        note: z.string().optional(),
      }),
    )
    .default([]),
  confidence: confidenceBlock,
  agendaIds: z.array(z.string()).default([]),
  sectionEvidence: z.partialRecord(sectionKindEnum, z.string()).default({}),
  metrics: z.array(metricRule).default([]),
  targets: z.object({
    units: regexString,
    le: regexString,
    ge: regexString,
    eq: regexString,
  }),
  meta: z.object({
    townshipPrefix: regexString,
    townshipName: regexString,
    townshipFollow: regexString,
    townshipStop: regexString,
    reportWords: regexString,
  }),
});

export type LexiconSource = z.infer<typeof lexiconSchema>;

export class LexiconError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LexiconError';
  }
}

export interface ClaimRule {
  /** the pattern with flag y, tried at the positions the dispatcher picks */
  sticky: RegExp;
  ids: string[];
  /** positions of `ids` in the obligation list (numeric keys for the matcher) */
  idIndex: number[];
  near?: RegExp;
  notNear?: RegExp;
  /** confidence of the claims it finds */
  confidence: number;
  /** its obligations are all evidenced by a meeting's agenda (agendaIds) */
  agendaOk: boolean;
  /** set when the rule is a list of plain phrases (matched through the phrase index) */
  phrases?: string[];
}

export interface TopicRule {
  sticky: RegExp;
  ids: string[];
  near?: RegExp;
}

export interface MetricRuleCompiled {
  obligation: string;
  key: string;
  unit: string;
  /** the pattern with flag y and named groups n0, n1… for the number */
  sticky: RegExp;
  /** position in the lexicon (earlier rules win a number within a group) */
  order: number;
  context?: RegExp;
  block?: RegExp;
  sentenceBlock?: RegExp;
  segmentBlock?: RegExp;
  near?: RegExp;
  ownSubject?: RegExp;
  sum?: boolean;
  group?: string;
  sumSentence?: boolean;
}

export interface CompiledLexicon {
  version: string;
  /** all claim rules and phrases in one dispatcher (see regex-index/) */
  claimDispatcher: StartPairDispatcher<ClaimRule>;
  /** the topic words and patterns and the multi-obligation expansions in one dispatcher, for linking */
  topicDispatcher: StartPairDispatcher<TopicRule>;
  /** the metric rules in one dispatcher */
  metricDispatcher: StartPairDispatcher<MetricRuleCompiled>;
  /** set phrases blanked before linking (global) */
  linkIgnore: RegExp;
  /** cues.problemSummary with flag g (blanked to see whether a clause has a shortcoming word of its own) */
  problemSummaryAll: RegExp;
  negationCue: RegExp;
  negationExempt: RegExp;
  negationWindow: number;
  /** negation.after, anchored at the clause's end (null when the lexicon has none) */
  negationAfter: RegExp | null;
  sectionKinds: Array<{ kind: SectionKind; re: RegExp }>;
  firstResponsibleSub: RegExp;
  themeTitle: RegExp;
  doneTitle?: RegExp;
  planStart: RegExp;
  problemsParagraph?: RegExp;
  planParagraph?: RegExp;
  cues: Record<keyof LexiconSource['cues'], RegExp>;
  sectionEvidence: Partial<Record<SectionKind, string>>;
  confidence: { default: number; counted: number; heading: number; preamble: number; section: number; list: number; listCue: RegExp };
  targets: { re: RegExp; le: RegExp; eq: RegExp };
  meta: { township: RegExp; stop: RegExp; reportWords: RegExp };
  /** plain phrases of every obligation (the naive baseline) */
  plainPhrases: string[];
  /**
   * Traditional forms of every character the lexicon names (per UTF-16 code unit). Text holding none of them reads
   * the same through its simplified shadow, so the conversion is skipped for it.
   */
  traditionalHints: Uint8Array;
}

const NEVER = /(?!)/y;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The number: digits, or a Chinese numeral, that do not continue another number. The lookbehind sits after the first
// character so the engine can skip non-numeric positions quickly. A {N} that opens the pattern (or an alternative)
// reads Arabic digits only: a leading class of scattered CJK numerals would be tried at every position and cost ~20x;
// Chinese numerals are read after a word ("法治讲座四次", "聘请两名法律顾问").
const CN = `[${CHINESE_NUMERAL_CHARS}]`;
const DIGITS = `\\d(?<![\\d.]\\d)\\d*(?:\\.\\d+)?万?`;
// "90余份", "十余次": 余 after the number is read by every rule (the value is the lower bound)
const numberGroup = (i: number, leading: boolean) => `(?<n${i}>${DIGITS}${leading ? '' : `|${CN}(?<!${CN}${CN})${CN}*`})余?`;
/** Each {N} becomes its own named group n0, n1… (one alternative of the pattern fills it). */
const expandNumbers = (re: string) =>
  re.split('{N}').reduce((acc, part, i) => (i === 0 ? part : acc + numberGroup(i - 1, acc === '' || /[|(]$/.test(acc)) + part), '');

function compileRe(where: string, src: string, flags = ''): RegExp {
  try {
    return new RegExp(src, flags);
  } catch (e) {
    throw new LexiconError(`lexicon ${where}: invalid regular expression /${src}/: ${(e as Error).message}`);
  }
}

/** Validates and compiles a lexicon object (as parsed from YAML/JSON). Throws LexiconError with the offending path. */
export function compileLexicon(raw: unknown): CompiledLexicon {
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  at ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LexiconError(`lexicon is invalid:\n${lines.join('\n')}`);
  }
  const lex = parsed.data;
  const errors: string[] = [];
  for (const id of Object.keys(lex.obligations)) if (!OBLIGATION_IDS.has(id)) errors.push(`obligations.${id}: unknown obligation id`);
  lex.expansions.forEach((e, i) =>
    e.ids.forEach((id) => OBLIGATION_IDS.has(id) || errors.push(`expansions[${i}].ids: unknown obligation id ${id}`)),
  );
  lex.agendaIds.forEach((id) => OBLIGATION_IDS.has(id) || errors.push(`agendaIds: unknown obligation id ${id}`));
  for (const [kind, id] of Object.entries(lex.sectionEvidence))
    if (!OBLIGATION_IDS.has(id)) errors.push(`sectionEvidence.${kind}: unknown obligation id ${id}`);
  lex.metrics.forEach((m, i) => {
    if (!METRIC_KEYS.has(`${m.obligation}.${m.key}`)) errors.push(`metrics[${i}]: ${m.obligation}.${m.key} is not in metrics.tsv`);
    if (!m.re.includes('{N}')) errors.push(`metrics[${i}].re: needs the number placeholder {N}`);
  });
  if (errors.length) throw new LexiconError(`lexicon is invalid:\n${errors.map((e) => `  at ${e}`).join('\n')}`);

  // each claim rule with the source the dispatcher indexes it by
  const claimRules: Array<Omit<ClaimRule, 'idIndex' | 'agendaOk'> & { src: string }> = [];
  const topicParts: Array<{ id: string; src: string }> = [];
  const topicPhrases: Array<{ id: string; phrase: string }> = [];
  const plainPhrases: string[] = [];
  for (const [id, ob] of Object.entries(lex.obligations)) {
    const where = `obligations.${id}`;
    const simple: string[] = [];
    plainPhrases.push(...ob.phrases);
    if (ob.phrases.length) {
      const src = ob.phrases.map(escapeRe).join('|');
      claimRules.push({ src, sticky: compileRe(where, src, 'y'), ids: [id], confidence: lex.confidence.default, phrases: ob.phrases });
    }
    ob.patterns.forEach((p, i) => {
      if (typeof p === 'string') {
        compileRe(`${where}.patterns[${i}]`, p);
        simple.push(p);
      } else {
        claimRules.push({
          src: p.re,
          sticky: compileRe(`${where}.patterns[${i}].re`, p.re, 'y'),
          ids: [id],
          near: p.near ? compileRe(`${where}.patterns[${i}].near`, p.near) : undefined,
          notNear: p.notNear ? compileRe(`${where}.patterns[${i}].notNear`, p.notNear) : undefined,
          confidence: p.confidence ?? lex.confidence.default,
        });
      }
    });
    // the plain patterns of an obligation as one alternation (several rules sharing a frequent first pair such as 法治
    // would cost one regex call each)
    if (simple.length) {
      const src = simple.map((x) => `(?:${x})`).join('|');
      claimRules.push({ src, sticky: compileRe(where, src, 'y'), ids: [id], confidence: lex.confidence.default });
    }
    topicParts.push(...[...simple, ...ob.topics].map((src) => ({ id, src })));
    topicPhrases.push(...ob.phrases.map((phrase) => ({ id, phrase })));
    ob.topics.forEach((t, i) => compileRe(`${where}.topics[${i}]`, t)); // an invalid topic is reported with its path
  }
  lex.expansions.forEach((e, i) =>
    claimRules.push({
      src: e.re,
      sticky: compileRe(`expansions[${i}].re`, e.re, 'y'),
      ids: e.ids,
      near: e.near ? compileRe(`expansions[${i}].near`, e.near) : undefined,
      confidence: e.confidence ?? lex.confidence.default,
    }),
  );

  const order = new Map(OBLIGATIONS.map((o, i) => [o.id, i]));
  const agendaIds = new Set(lex.agendaIds);
  const rules = claimRules.map(({ src, ...r }) => ({
    rule: { ...r, idIndex: r.ids.map((id) => order.get(id)!), agendaOk: r.ids.every((id) => agendaIds.has(id)) } as ClaimRule,
    source: src,
  }));

  const cues = Object.fromEntries(
    Object.entries(lex.cues).map(([k, v]) => [k, compileRe(`cues.${k}`, v!)]),
  ) as CompiledLexicon['cues'];

  const metricRules = lex.metrics.map((m, i): { rule: MetricRuleCompiled; source: string } => ({
    source: expandNumbers(m.re),
    rule: {
    obligation: m.obligation,
    key: m.key,
    unit: METRIC_KEYS.get(`${m.obligation}.${m.key}`)!,
    sticky: compileRe(`metrics[${i}].re`, expandNumbers(m.re), 'y'),
    order: i,
    context: m.context ? compileRe(`metrics[${i}].context`, m.context) : undefined,
    block: m.block ? compileRe(`metrics[${i}].block`, m.block) : undefined,
    sentenceBlock: m.sentenceBlock ? compileRe(`metrics[${i}].sentenceBlock`, m.sentenceBlock) : undefined,
    segmentBlock: m.segmentBlock ? compileRe(`metrics[${i}].segmentBlock`, m.segmentBlock) : undefined,
    near: m.near ? compileRe(`metrics[${i}].near`, m.near) : undefined,
    ownSubject: m.ownSubject ? compileRe(`metrics[${i}].ownSubject`, m.ownSubject) : undefined,
    sum: m.sum,
    group: m.group,
    sumSentence: m.sumSentence,
    },
  }));

  const t = lex.targets;
  const targetRe = compileRe(
    'targets',
    `(?<pre>${t.le}|${t.ge}|${t.eq})?(?<n>\\d+(?:\\.\\d+)?|[${CHINESE_NUMERAL_CHARS}]+)(?:(?:-|~|至|到)(?<n2>\\d+(?:\\.\\d+)?|[${CHINESE_NUMERAL_CHARS}]+))?(?<approx>余|多)?(?<unit>${t.units})(?<post>${t.le}|${t.ge})?`,
    'g',
  );
  const m = lex.meta;
  const township = compileRe(
    'meta',
    `(?:${m.townshipPrefix})(?<name>${m.townshipName})(?=${m.townshipFollow})`,
    'g',
  );

  return {
    version: lex.version,
    claimDispatcher: new StartPairDispatcher(
      rules.filter((r) => !r.rule.phrases),
      rules.flatMap(({ rule }) => (rule.phrases ?? []).map((phrase) => ({ phrase, payload: rule }))),
    ),
    negationCue: compileRe('negation.cues', `(?:${lex.negation.cues})`),
    negationExempt: compileRe('negation.exempt', lex.negation.exempt),
    negationWindow: lex.negation.window,
    negationAfter: lex.negation.after ? compileRe('negation.after', `(?:${lex.negation.after})$`) : null,
    sectionKinds: lex.sections.kinds.map((k, i) => ({ kind: k.kind, re: compileRe(`sections.kinds[${i}]`, k.re) })),
    firstResponsibleSub: compileRe('sections.firstResponsibleSub', lex.sections.firstResponsibleSub),
    themeTitle: compileRe('sections.themeTitle', lex.sections.themeTitle),
    doneTitle: lex.sections.doneTitle ? compileRe('sections.doneTitle', lex.sections.doneTitle) : undefined,
    planStart: compileRe('sections.planStart', lex.sections.planStart),
    problemsParagraph: lex.sections.problemsParagraph ? compileRe('sections.problemsParagraph', lex.sections.problemsParagraph) : undefined,
    planParagraph: lex.sections.planParagraph ? compileRe('sections.planParagraph', lex.sections.planParagraph) : undefined,
    cues,
    linkIgnore: compileRe('cues.linkIgnore', lex.cues.linkIgnore, 'g'),
    problemSummaryAll: compileRe('cues.problemSummary', lex.cues.problemSummary, 'g'),
    sectionEvidence: lex.sectionEvidence,
    confidence: { ...lex.confidence, listCue: compileRe('confidence.listCue', lex.confidence.listCue) },
    metricDispatcher: new StartPairDispatcher(metricRules, []),
    // one entry per topic word or pattern (phrases through the phrase index), so a position tries only what can start there
    topicDispatcher: new StartPairDispatcher<TopicRule>(
      [
        ...topicParts.map((t) => ({ rule: { sticky: new RegExp(t.src, 'y'), ids: [t.id] }, source: t.src })),
        ...rules.filter((r) => r.rule.ids.length > 1).map(({ rule: r, source }) => ({ rule: { sticky: r.sticky, ids: r.ids, near: r.near }, source })),
      ],
      topicPhrases.map((t) => ({ phrase: t.phrase, payload: { sticky: NEVER, ids: [t.id] } })),
    ),
    targets: { re: targetRe, le: compileRe('targets.le', `^(?:${t.le})$`), eq: compileRe('targets.eq', `^(?:${t.eq})$`) },
    meta: { township, stop: compileRe('meta.townshipStop', `^(?:${m.townshipStop})$`), reportWords: compileRe('meta.reportWords', m.reportWords) },
    plainPhrases,
    traditionalHints: traditionalHints(JSON.stringify(lex) + CHINESE_NUMERAL_CHARS + '年度镇乡街道区县是'),
  };
}

let toTraditional: ((s: string) => string) | undefined;

function traditionalHints(allText: string): Uint8Array {
  // character-level simplified → traditional (OpenCC STCharacters). The phrase dictionary is not needed to know which
  // characters appear in traditional text (and costs ~10x to build); the Taiwan/Hong Kong variant tables are left out
  // because they map some simplified characters onto characters simplified text also uses (着 → 著), which would send
  // ordinary simplified reports through the conversion. A traditional report holds plenty of the standard forms.
  if (!toTraditional) {
    const dicts = Locale.from.cn.flat();
    const characters = dicts.reduce((a, b) => (b.length < a.length ? b : a)); // the character table is the small one
    toTraditional = ConverterFactory([[characters]]);
  }
  const table = new Uint8Array(65536);
  const chars = new Set<string>();
  for (const ch of allText) if (ch.charCodeAt(0) >= 0x3400) chars.add(ch);
  const joined = [...chars].join('');
  const trad = toTraditional(joined);
  for (let i = 0; i < trad.length; i++) if (!chars.has(trad[i])) table[trad.charCodeAt(i)] = 1;
  return table;
}

/** True when `text` holds a traditional form of some lexicon character (so matching needs the shadow). */
export function needsShadow(lex: CompiledLexicon, text: string): boolean {
  const t = lex.traditionalHints;
  for (let i = 0; i < text.length; i++) if (t[text.charCodeAt(i)]) return true;
  return false;
}

let cached: { path: string; lex: CompiledLexicon } | undefined;

function readLexiconFile(abs: string): unknown {
  try {
    const text = fs.readFileSync(abs, 'utf8');
    return abs.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new LexiconError(`cannot read lexicon ${abs}: ${(e as Error).message}`);
  }
}

/**
 * The version field of a lexicon file, read without validating or compiling the rest: what a process that only builds
 * job ids (the api) needs. Equals `loadLexicon(file).version`.
 */
export function lexiconFileVersion(file: string = DEFAULT_LEXICON_PATH): string {
  const abs = path.resolve(file);
  const version = lexiconSchema.shape.version.safeParse((readLexiconFile(abs) as { version?: unknown } | null)?.version);
  if (!version.success) throw new LexiconError(`lexicon ${abs} has no valid version`);
  return version.data;
}

/** Loads (once per path) and compiles a lexicon file (.yaml, .yml or .json). */
export function loadLexicon(file: string = DEFAULT_LEXICON_PATH): CompiledLexicon {
  const abs = path.resolve(file);
  if (cached && cached.path === abs) return cached.lex;
  const lex = compileLexicon(readLexiconFile(abs));
  cached = { path: abs, lex };
  return lex;
}
