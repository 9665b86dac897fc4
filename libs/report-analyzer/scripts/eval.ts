// npm run eval: scores the analyzer on two sets, separately, with the shared scorer
// (node ../shared/eval/score.mjs PRED GOLD --per-obligation):
//  - the seed reports (seeds/reports against ../shared/eval/gold): the development set it was built on;
//  - the real excerpts (../shared/eval/real-excerpts/raw against …/gold): published reports, never tuned sentence by
//    sentence.
// After each score it names every false positive and every miss — obligation and sentence — and every wrong or
// missed metric, so the next person sees where to work. SHARED_DIR overrides ../shared (relative to the repo).
// Options: --set seeds|real (one set only), --quiet (figures only, no error listing).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { analyzeText } from '../src/analyze/analyze-text';
import { normalizeText } from '../src/extract';
import type { Analysis } from '../src/types';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');
const scorer = path.join(shared, 'eval/score.mjs');

interface EvalSet {
  name: string;
  rawDir: string;
  goldDir: string;
}

const SETS: EvalSet[] = [
  { name: 'seeds', rawDir: path.join(repoRoot, 'seeds/reports'), goldDir: path.join(shared, 'eval/gold') },
  { name: 'real', rawDir: path.join(shared, 'eval/real-excerpts/raw'), goldDir: path.join(shared, 'eval/real-excerpts/gold') },
];

interface Gold {
  file?: string;
  scope: 'full' | 'excerpt';
  evidenced: string[];
  quotes?: Record<string, string[]>;
  metrics?: Array<{ obligationId: string; key: string; value: number }>;
}

const tsv = (file: string) => {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};

function analyseSet(set: EvalSet, pred: string): Map<string, Analysis> {
  const out = new Map<string, Analysis>();
  for (const name of fs.readdirSync(set.rawDir).filter((f) => f.endsWith('.txt')).sort()) {
    const bytes = fs.readFileSync(path.join(set.rawDir, name));
    const text = normalizeText(bytes.toString('utf8'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const analysis = analyzeText(text, { file: name, format: 'txt', sha256 });
    const base = name.replace(/\.txt$/, '');
    fs.writeFileSync(path.join(pred, `${base}.json`), JSON.stringify(analysis, null, 2));
    out.set(base, analysis);
  }
  return out;
}

/** The sentence around [start, end) of the text (for a listing line). */
function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !/[。;；\n]/.test(text[a - 1]) && start - a < 80) a--;
  let b = end;
  while (b < text.length && !/[。;；\n]/.test(text[b]) && b - end < 80) b++;
  return text.slice(a, b).replace(/\s+/g, ' ').trim();
}

/** Evidence right and wrong per confidence band (an obligation's confidence is its strongest quote's). */
function confidenceBands(analyses: Map<string, Analysis>, goldDir: string): string {
  const obligations = tsv(path.join(shared, 'spec/obligations.tsv'));
  const textJudged = new Set(obligations.filter((o) => o.judged_by === 'text').map((o) => o.id));
  const bands = [1, 0.9, 0.8, 0.7, 0.6, 0];
  const rows = bands.map(() => ({ tp: 0, fp: 0 }));
  for (const name of fs.readdirSync(goldDir).filter((f) => f.endsWith('.json'))) {
    const gold = JSON.parse(fs.readFileSync(path.join(goldDir, name), 'utf8')) as Gold;
    const a = analyses.get(name.replace(/\.json$/, ''));
    if (!a) continue;
    for (const o of a.obligations) {
      if (o.status !== 'evidenced' || !textJudged.has(o.id)) continue;
      const c = o.confidence ?? 1;
      const b = bands.findIndex((x) => c >= x - 1e-9);
      rows[b][gold.evidenced.includes(o.id) ? 'tp' : 'fp']++;
    }
  }
  return rows
    .map((r, i) => (r.tp + r.fp ? `  confidence ≥ ${bands[i].toFixed(1)}${i ? ` and < ${bands[i - 1].toFixed(1)}` : ''}: ${r.tp} right, ${r.fp} wrong` : ''))
    .filter(Boolean)
    .join('\n');
}

/** Every false positive and miss of one set: obligation and sentence; wrong and missed metrics. */
function listErrors(analyses: Map<string, Analysis>, goldDir: string): string[] {
  const obligations = tsv(path.join(shared, 'spec/obligations.tsv'));
  const judgedBy = Object.fromEntries(obligations.map((o) => [o.id, o.judged_by]));
  const lines: string[] = [];
  for (const name of fs.readdirSync(goldDir).filter((f) => f.endsWith('.json')).sort()) {
    const base = name.replace(/\.json$/, '');
    const gold = JSON.parse(fs.readFileSync(path.join(goldDir, name), 'utf8')) as Gold;
    const a = analyses.get(base);
    if (!a) {
      lines.push(`${base}: no prediction`);
      continue;
    }
    const judged = (id: string) => judgedBy[id] === 'text' || (gold.scope === 'full' && judgedBy[id] === 'structure');
    const goldSet = new Set(gold.evidenced.filter(judged));
    for (const o of a.obligations) {
      if (!judged(o.id)) continue;
      const p = o.status === 'evidenced';
      if (p && !goldSet.has(o.id)) {
        const e = o.evidence[0];
        const conf = e && typeof (e as { confidence?: number }).confidence === 'number' ? ` (confidence ${(e as { confidence?: number }).confidence})` : '';
        lines.push(`${base}  FP    ${o.id}${conf}: ${e ? sentenceAround(a.text, e.start, e.end) : ''}`);
      }
      if (!p && goldSet.has(o.id)) lines.push(`${base}  MISS  ${o.id}: ${(gold.quotes?.[o.id] ?? ['(no quote in gold)']).join(' | ')}`);
    }
    const key = (m: { obligationId: string; key: string; value: number }) => `${m.obligationId}.${m.key}=${Number(m.value)}`;
    const goldM = new Set((gold.metrics ?? []).map(key));
    const predM = new Map(a.metrics.map((m) => [key(m), m]));
    for (const [k, m] of predM) if (!goldM.has(k)) lines.push(`${base}  METRIC-FP    ${k}: ${sentenceAround(a.text, m.start, m.end)}`);
    for (const k of goldM) if (!predM.has(k)) lines.push(`${base}  METRIC-MISS  ${k}`);
  }
  return lines;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--set') ? args[args.indexOf('--set') + 1] : undefined;
  const quiet = args.includes('--quiet');
  for (const set of SETS) {
    if (only && set.name !== only) continue;
    if (!fs.existsSync(set.rawDir) || !fs.existsSync(set.goldDir)) {
      process.stdout.write(`\n== ${set.name}: not found (${set.rawDir})\n`);
      continue;
    }
    const pred = fs.mkdtempSync(path.join(os.tmpdir(), `analyzer-eval-${set.name}-`));
    const analyses = analyseSet(set, pred);
    process.stdout.write(`\n== ${set.name} (${set.goldDir})\npredictions: ${pred}\n`);
    process.stdout.write(execFileSync(process.execPath, [scorer, pred, set.goldDir, '--per-obligation'], { encoding: 'utf8' }));
    process.stdout.write(`\ntext-judged evidence by confidence:\n${confidenceBands(analyses, set.goldDir)}\n`);
    if (!quiet) {
      const errs = listErrors(analyses, set.goldDir);
      process.stdout.write(`\nerrors of ${set.name} (${errs.length}):\n${errs.map((l) => `  ${l}`).join('\n')}\n`);
    }
  }
}

main();
