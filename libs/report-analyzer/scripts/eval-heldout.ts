// npm run eval:heldout: analyses the held-out reports (libs/report-analyzer/heldout/reports, .txt and .html, written
// by the team — see heldout/README.md) into a temp dir and scores them against heldout/gold
// (node ../shared/eval/score.mjs PRED GOLD --per-obligation). SHARED_DIR overrides ../shared (relative to the repo).
// Files go through analyzeFile, i.e. the same extraction (HTML → text, traditional characters…) as uploads.
// Options: --set first|second|third|fourth|fifth (h01–h13; h14–h23; h24–h28, the fresh check written after the h14–h23
// fixes; h29–h36, written without looking at the analyzer's lexicon or matching code; h37–h44, written the same way
// after the fixes made on h29–h36; default all),
// --per-file (also one summary line per report, to see which report a figure comes from).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { analyzeFile, closePdfWorker } from '../src/index';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');
const heldoutDir = path.join(repoRoot, 'libs/report-analyzer/heldout');
const reportsDir = path.join(heldoutDir, 'reports');
const goldDir = path.join(heldoutDir, 'gold');
const scorer = path.join(shared, 'eval/score.mjs');

/** The held-out sets, by report number (hNN_…). */
const SETS: Record<string, (n: number) => boolean> = {
  first: (n) => n <= 13,
  second: (n) => n >= 14 && n <= 23,
  third: (n) => n >= 24 && n <= 28,
  fourth: (n) => n >= 29 && n <= 36,
  fifth: (n) => n >= 37,
};

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const setName = option('--set');
  if (setName && !SETS[setName]) throw new Error(`unknown --set ${setName} (first|second|third|fourth|fifth)`);
  const inSet = (name: string) => !setName || SETS[setName](Number(/^h(\d+)/.exec(name)?.[1] ?? NaN));
  const pred = fs.mkdtempSync(path.join(os.tmpdir(), 'analyzer-heldout-'));
  const gold = fs.mkdtempSync(path.join(os.tmpdir(), 'analyzer-heldout-gold-'));
  const bases: string[] = [];
  for (const name of fs.readdirSync(reportsDir).filter((f) => /\.(txt|html?)$/i.test(f) && inSet(f)).sort()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(reportsDir, name)));
    const analysis = await analyzeFile(bytes, name);
    const base = name.replace(/\.[^.]+$/, '');
    bases.push(base);
    fs.writeFileSync(path.join(pred, `${base}.json`), JSON.stringify(analysis, null, 2));
    fs.copyFileSync(path.join(goldDir, `${base}.json`), path.join(gold, `${base}.json`));
  }
  await closePdfWorker();
  process.stdout.write(`predictions: ${pred}\n`);
  if (process.argv.includes('--per-file')) {
    for (const base of bases) {
      const one = fs.mkdtempSync(path.join(os.tmpdir(), 'analyzer-heldout-one-'));
      fs.copyFileSync(path.join(gold, `${base}.json`), path.join(one, `${base}.json`));
      const out = execFileSync(process.execPath, [scorer, pred, one, '--json'], { encoding: 'utf8' });
      const s = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number | null>;
      const f = (v: number | null) => (v === null ? '  -  ' : v.toFixed(3));
      process.stdout.write(
        `${base.padEnd(40)} evidence ${f(s.evidence_f1)}  metrics ${f(s.metric_f1)}  plan ${f(s.plan_f1)}  problems ${f(s.problem_f1)}\n`,
      );
      fs.rmSync(one, { recursive: true });
    }
  }
  process.stdout.write(execFileSync(process.execPath, [scorer, pred, gold, '--per-obligation'], { encoding: 'utf8' }));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
