// Throughput of the analyzer on the seed corpus replicated to ≥ 1,000 documents, in one process:
//  - analyzeText on already-extracted text;
//  - the whole analyzeFile path (decode + normalise + analyse);
//  - in the same run, a naive pass that searches every plain lexicon phrase with indexOf in every document.
// Prints reports/s for each, the ratio analyzer/naive (time), and heap used.

import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { analyzeText } from '../src/analyze/analyze-text';
import { loadLexicon } from '../src/analyze/lexicon';
import { analyzeFile } from '../src/index';
import { normalizeText } from '../src/extract';

export interface BenchFigures {
  documents: number;
  /** wall clock */
  analyzeTextPerSec: number;
  /** per second of CPU time of this process (one core, whatever else the machine runs) */
  analyzeTextPerCpuSec: number;
  analyzeFilePerSec: number;
  naivePerSec: number;
  /** analyzer time / naive time (analyzeText), wall clock and CPU */
  ratioToNaive: number;
  ratioToNaiveCpu: number;
  naivePhrases: number;
  heapUsedMB: number;
}

const repoRoot = path.resolve(__dirname, '../../..');

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export async function benchAnalyzer(minDocs = 1000): Promise<BenchFigures> {
  const seedsDir = path.join(repoRoot, 'seeds/reports');
  const seeds = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ name: f, bytes: fs.readFileSync(path.join(seedsDir, f)) }));
  const docs: Array<{ name: string; bytes: Uint8Array; text: string; sha256: string }> = [];
  for (let i = 0; docs.length < minDocs; i++) {
    const s = seeds[i % seeds.length];
    const text = normalizeText(s.bytes.toString('utf8'));
    docs.push({ name: `${i}_${s.name}`, bytes: new Uint8Array(s.bytes), text, sha256: createHash('sha256').update(s.bytes).digest('hex') });
  }
  const lexicon = loadLexicon();
  const phrases = [...new Set(lexicon.plainPhrases)];

  // warm-up (JIT, lazy converters) on a fifth of the corpus
  let sink = 0;
  for (const d of docs.slice(0, Math.ceil(docs.length / 5))) {
    sink += analyzeText(d.text, { file: d.name, format: 'txt', sha256: d.sha256 }, { lexicon }).obligations.length;
    for (const p of phrases) sink += d.text.indexOf(p);
  }

  let c0 = process.cpuUsage();
  let t0 = performance.now();
  for (const d of docs) sink += analyzeText(d.text, { file: d.name, format: 'txt', sha256: d.sha256 }, { lexicon }).obligations.length;
  const tText = performance.now() - t0;
  const cpuText = cpuMs(c0);

  c0 = process.cpuUsage();
  t0 = performance.now();
  for (const d of docs) {
    for (const p of phrases) {
      let at = d.text.indexOf(p);
      while (at >= 0) {
        sink++;
        at = d.text.indexOf(p, at + p.length);
      }
    }
  }
  const tNaive = performance.now() - t0;
  const cpuNaive = cpuMs(c0);

  t0 = performance.now();
  for (const d of docs) sink += (await analyzeFile(d.bytes, d.name, { lexicon })).metrics.length;
  const tFile = performance.now() - t0;

  if (sink < 0) throw new Error('unreachable');
  const perSec = (ms: number) => Math.round((docs.length / ms) * 1000);
  return {
    documents: docs.length,
    analyzeTextPerSec: perSec(tText),
    analyzeTextPerCpuSec: perSec(cpuText),
    analyzeFilePerSec: perSec(tFile),
    naivePerSec: perSec(tNaive),
    ratioToNaive: +(tText / tNaive).toFixed(2),
    ratioToNaiveCpu: +(cpuText / cpuNaive).toFixed(2),
    naivePhrases: phrases.length,
    heapUsedMB: +(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1),
  };
}

if (require.main === module) {
  benchAnalyzer().then(
    (f) => {
      console.log(`documents:              ${f.documents}`);
      console.log(`analyzeText:            ${f.analyzeTextPerSec} reports/s (wall), ${f.analyzeTextPerCpuSec} reports/s per CPU second`);
      console.log(`analyzeFile (extract+): ${f.analyzeFilePerSec} reports/s`);
      console.log(`naive indexOf pass:     ${f.naivePerSec} reports/s (${f.naivePhrases} phrases)`);
      console.log(`analyzer/naive time:    ${f.ratioToNaive}x (wall), ${f.ratioToNaiveCpu}x (CPU)`);
      console.log(`heap used:              ${f.heapUsedMB} MB`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
