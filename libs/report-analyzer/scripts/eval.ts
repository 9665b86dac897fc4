// npm run eval: analyses the seed reports into a temp dir and scores them against the gold answers
// (node ../shared/eval/score.mjs PRED GOLD --per-obligation). SHARED_DIR overrides ../shared (relative to the repo).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { analyzeText } from '../src/analyze/analyze-text';
import { normalizeText } from '../src/extract';
import { createHash } from 'crypto';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');
const seedsDir = path.join(repoRoot, 'seeds/reports');
const goldDir = path.join(shared, 'eval/gold');
const scorer = path.join(shared, 'eval/score.mjs');

const pred = fs.mkdtempSync(path.join(os.tmpdir(), 'analyzer-eval-'));
for (const name of fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()) {
  const bytes = fs.readFileSync(path.join(seedsDir, name));
  const text = normalizeText(bytes.toString('utf8'));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const analysis = analyzeText(text, { file: name, format: 'txt', sha256 });
  fs.writeFileSync(path.join(pred, name.replace(/\.txt$/, '.json')), JSON.stringify(analysis, null, 2));
}
process.stdout.write(`predictions: ${pred}\n`);
process.stdout.write(execFileSync(process.execPath, [scorer, pred, goldDir, '--per-obligation'], { encoding: 'utf8' }));
