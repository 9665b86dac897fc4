// npm run eval:heldout: analyses the held-out reports (libs/report-analyzer/heldout/reports, .txt and .html, written
// by the team — see heldout/README.md) into a temp dir and scores them against heldout/gold
// (node ../shared/eval/score.mjs PRED GOLD --per-obligation). SHARED_DIR overrides ../shared (relative to the repo).
// Files go through analyzeFile, i.e. the same extraction (HTML → text, traditional characters…) as uploads.

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

async function main(): Promise<void> {
  const pred = fs.mkdtempSync(path.join(os.tmpdir(), 'analyzer-heldout-'));
  for (const name of fs.readdirSync(reportsDir).filter((f) => /\.(txt|html?)$/i.test(f)).sort()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(reportsDir, name)));
    const analysis = await analyzeFile(bytes, name);
    fs.writeFileSync(path.join(pred, name.replace(/\.[^.]+$/, '.json')), JSON.stringify(analysis, null, 2));
  }
  await closePdfWorker();
  process.stdout.write(`predictions: ${pred}\n`);
  process.stdout.write(execFileSync(process.execPath, [scorer, pred, goldDir, '--per-obligation'], { encoding: 'utf8' }));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
