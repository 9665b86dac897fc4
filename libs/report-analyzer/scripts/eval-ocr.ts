// npm run eval:ocr: the seed reports as scans (test-fixtures/scanned-seeds: printed, rasterised, image-only PDFs) read by
// OCR and scored against the same gold answers as `npm run eval`, next to the text seeds. Prints both summaries, the
// evidence-F1 gap, whether every quote is an exact slice of the OCR text and carries an OCR confidence, and OCR pages per
// second.
// SHARED_DIR overrides ../shared (relative to the repo).
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText } from '../src/analyze/analyze-text';
import { analyzeFile, closeOcrWorker, closePdfWorker, normalizeText } from '../src';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');
const seedsDir = path.join(repoRoot, 'seeds/reports');
const scansDir = path.join(__dirname, '../test-fixtures/scanned-seeds');
const goldDir = path.join(shared, 'eval/gold');
const scorer = path.join(shared, 'eval/score.mjs');

const score = (dir: string) =>
  JSON.parse(execFileSync(process.execPath, [scorer, dir, goldDir, '--json'], { encoding: 'utf8' }).trim().split('\n').pop()!);

async function main(): Promise<void> {
  const textPred = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-text-'));
  const ocrPred = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-ocr-'));
  let pages = 0;
  let seconds = 0;
  let quotes = 0;
  let exact = 0;
  let withConfidence = 0;
  for (const name of fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()) {
    const bytes = fs.readFileSync(path.join(seedsDir, name));
    const text = normalizeText(bytes.toString('utf8'));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const json = name.replace(/\.txt$/, '.json');
    fs.writeFileSync(path.join(textPred, json), JSON.stringify(analyzeText(text, { file: name, format: 'txt', sha256 })));

    const scan = path.join(scansDir, name.replace(/\.txt$/, '.pdf'));
    const start = process.hrtime.bigint();
    const analysis = await analyzeFile(fs.readFileSync(scan), path.basename(scan), undefined, { ocr: true });
    seconds += Number(process.hrtime.bigint() - start) / 1e9;
    pages += analysis.source.ocr?.pages ?? 0;
    for (const e of analysis.obligations.flatMap((o) => o.evidence)) {
      quotes++;
      if (analysis.text.slice(e.start, e.end) === e.quote) exact++;
      if (e.source === 'ocr' && e.ocrConfidence !== undefined) withConfidence++;
    }
    fs.writeFileSync(path.join(ocrPred, json), JSON.stringify(analysis));
    process.stderr.write(`${name}: ${analysis.source.ocr?.pages} pages, mean confidence ${analysis.source.ocr?.meanConfidence}\n`);
  }
  await Promise.all([closeOcrWorker(), closePdfWorker()]);
  const text = score(textPred);
  const ocr = score(ocrPred);
  process.stdout.write(`text seeds:    ${JSON.stringify(text)}\n`);
  process.stdout.write(`scanned seeds: ${JSON.stringify(ocr)}\n`);
  process.stdout.write(
    `evidence F1 gap: ${(text.evidence_f1 - ocr.evidence_f1).toFixed(3)}; quotes exact slices of the OCR text: ${exact}/${quotes}, ` +
      `with an OCR confidence: ${withConfidence}/${quotes}; ` +
      `OCR ${pages} pages in ${seconds.toFixed(1)} s (${(pages / seconds).toFixed(2)} pages/s, one OCR process)\n`,
  );
}

void main();
