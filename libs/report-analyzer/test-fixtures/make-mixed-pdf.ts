// A PDF with a partial text layer, as townships send it: seed report 000 printed by Chromium (text layer) with pages 3
// and 6 replaced by the same pages of scanned-seeds/000 (image only, what a scanner returns). Pagination matches
// because both come from the same print (seedHtml). Output: mixed-text-scan.pdf.
// Needs chromium, fonts-noto-cjk and qpdf (Debian package); run once with
// `npx tsx libs/report-analyzer/test-fixtures/make-mixed-pdf.ts`.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { seedHtml } from './make-scanned-seeds';

const here = __dirname;
const SEED = '000_cd09f5d6f779e604';

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mixed-pdf-'));
  try {
    const lines = readFileSync(join(here, '../../../seeds/reports', `${SEED}.txt`), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const html = join(dir, 'seed.html');
    writeFileSync(html, seedHtml(lines));
    const printed = join(dir, 'printed.pdf');
    execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${printed}`, `file://${html}`], { stdio: 'ignore' });
    const scanned = join(here, 'scanned-seeds', `${SEED}.pdf`);
    const out = join(here, 'mixed-text-scan.pdf');
    execFileSync('qpdf', ['--empty', '--pages', printed, '1-2', scanned, '3', printed, '4-5', scanned, '6', '--', out]);
    console.log(`wrote ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
