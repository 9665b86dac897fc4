import * as fs from 'fs';
import * as path from 'path';
import { normalizeText, toSimplifiedShadow } from '../../extract';
import { loadLexicon, needsShadow } from '../lexicon';
import { buildMatchText } from '../match-text';
import { splitSentences } from '../sentences';
import { StartPairDispatcher } from './start-pair-dispatcher';

const repoRoot = path.resolve(__dirname, '../../../../..');
const shared = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');
const CORPORA = [path.join(repoRoot, 'seeds/reports'), path.join(shared, 'eval/real-excerpts/raw')];

/** Every match of every rule and phrase of `d` starting in [from, to), as "payload start end match groups" lines. */
function dispatched<T extends { sticky: RegExp }>(d: StartPairDispatcher<T>, ids: Map<T, number>, text: string, from: number, to: number): string[] {
  const out: string[] = [];
  d.forEachMatch(text, from, to, (payload, start, end, m) => out.push(`${ids.get(payload)} ${start} ${end} ${m ? JSON.stringify(m.groups ?? null) : ''}`));
  return out.sort();
}

/** The same by brute force: each rule's sticky regex at every position, each phrase by indexOf. */
function reference<T extends { sticky: RegExp }>(d: StartPairDispatcher<T>, ids: Map<T, number>, text: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (const { rule } of d.entries.rules) {
    const re = new RegExp(rule.sticky.source, 'y');
    for (let i = from; i < to; i++) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[0].length > 0) out.push(`${ids.get(rule)} ${i} ${i + m[0].length} ${JSON.stringify(m.groups ?? null)}`);
    }
  }
  for (const { phrase, payload } of d.entries.phrases) {
    for (let at = text.indexOf(phrase, from); at >= 0 && at < to; at = text.indexOf(phrase, at + 1)) out.push(`${ids.get(payload)} ${at} ${at + phrase.length} `);
  }
  return out.sort();
}

function payloadIds<T extends { sticky: RegExp }>(d: StartPairDispatcher<T>): Map<T, number> {
  const ids = new Map<T, number>();
  for (const { rule } of d.entries.rules) if (!ids.has(rule)) ids.set(rule, ids.size);
  for (const { payload } of d.entries.phrases) if (!ids.has(payload)) ids.set(payload, ids.size);
  return ids;
}

describe('StartPairDispatcher', () => {
  it('a phrase hits wherever it starts, a rule once per position with its regex match', () => {
    const rule = { sticky: /执法证书?|资格/y };
    const phrase = { sticky: /(?!)/y };
    const d = new StartPairDispatcher([{ rule, source: rule.sticky.source }], [
      { phrase: '执法', payload: phrase },
      { phrase: '执法证', payload: phrase },
    ]);
    const hits: string[] = [];
    d.forEachMatch('取得执法证书和资格', 0, 9, (r, s, e) => hits.push(`${r === rule ? 'rule' : 'phrase'} ${s}-${e}`));
    expect(hits).toEqual(['phrase 2-4', 'phrase 2-5', 'rule 2-6', 'rule 7-9']);
  });

  it('a rule whose start cannot be bounded is tried at every position', () => {
    const rule = { sticky: /[^,]{2}法/y };
    const d = new StartPairDispatcher([{ rule, source: rule.sticky.source }], []);
    const hits: string[] = [];
    d.forEachMatch('依法,学法用法法', 0, 8, (_r, s, e) => hits.push(`${s}-${e}`));
    expect(hits).toEqual(['4-7', '5-8']); // overlapping: every position, not a global scan
  });

  // The differential test: over every sentence of the seed reports and the real excerpts, each of the bundled
  // lexicon's dispatchers finds exactly what a plain sticky exec of every rule at every position (and indexOf of every
  // phrase) finds.
  it('equals a plain sticky exec at every position, for every compiled lexicon rule over every sentence of the corpora', () => {
    const lex = loadLexicon();
    const dispatchers = [
      { name: 'claims', d: lex.claimDispatcher as StartPairDispatcher<{ sticky: RegExp }>, masked: true },
      { name: 'metrics', d: lex.metricDispatcher as StartPairDispatcher<{ sticky: RegExp }>, masked: true },
      { name: 'topics', d: lex.topicDispatcher as StartPairDispatcher<{ sticky: RegExp }>, masked: false },
    ].map((x) => ({ ...x, ids: payloadIds(x.d) }));
    let sentences = 0;
    const hitsPerDispatcher = new Map<string, number>();
    for (const dir of CORPORA) {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
      expect(files.length).toBeGreaterThan(0); // the corpus is there
      for (const f of files) {
        const text = normalizeText(fs.readFileSync(path.join(dir, f), 'utf8'));
        const mt = buildMatchText(text, needsShadow(lex, text) ? toSimplifiedShadow(text) : text);
        for (const st of splitSentences(mt)) {
          sentences++;
          for (const { name, d, ids, masked } of dispatchers) {
            const s = masked ? mt.masked : mt.s;
            const got = dispatched(d, ids, s, st.start, st.end);
            const want = reference(d, ids, s, st.start, st.end);
            if (got.join('\n') !== want.join('\n')) expect({ file: f, dispatcher: name, sentence: s.slice(st.start, st.end), got }).toEqual({ file: f, dispatcher: name, sentence: s.slice(st.start, st.end), got: want });
            hitsPerDispatcher.set(name, (hitsPerDispatcher.get(name) ?? 0) + got.length);
          }
        }
      }
    }
    // the comparison covered real work: every dispatcher found matches
    for (const { name } of dispatchers) expect(hitsPerDispatcher.get(name)).toBeGreaterThan(100);
    expect(sentences).toBeGreaterThan(500); // 763 sentences in 25 reports when written
  });
});
