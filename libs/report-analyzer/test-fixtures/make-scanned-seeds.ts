// The five seed reports as a scanner would return them: each printed to PDF by Chromium (real pagination, A4), every
// page rasterised at 108 dpi in grey (unpdf's renderPageAsImage on @napi-rs/canvas) and re-wrapped as a JPEG-only PDF with no
// text layer. Output: scanned-seeds/<seed name>.pdf, read by `npm run eval:ocr`.
// Needs chromium and fonts-noto-cjk; run once with `npx tsx libs/report-analyzer/test-fixtures/make-scanned-seeds.ts`.
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import sharp from 'sharp';
import { imagePdf } from './make-ocr-fixtures';

const here = __dirname;
const seedsDir = join(here, '../../../seeds/reports');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

// pdf.js on Node 20 needs ArrayBuffer.prototype.transferToFixedLength (Node 21+).
const proto = ArrayBuffer.prototype as unknown as { transferToFixedLength?: (n?: number) => ArrayBuffer };
if (!proto.transferToFixedLength) {
  proto.transferToFixedLength = function (this: ArrayBuffer, n = this.byteLength) {
    const copy = new ArrayBuffer(n);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
    return copy;
  };
}

/** The page Chromium prints for a seed report (A4, 公文-like body). */
export function seedHtml(lines: string[]): string {
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>' +
    '@page{size:A4;margin:25mm 26mm}body{font-family:"Noto Serif CJK SC";font-size:15pt;color:#111}' +
    'p{text-indent:2em;margin:0;line-height:1.6;text-align:justify}h1{font-size:20pt;text-align:center}' +
    `</style></head><body><h1>${esc(lines[0])}</h1>${lines.slice(1).map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`
  );
}

async function main(): Promise<void> {
  const unpdf = await import('unpdf');
  const dir = mkdtempSync(join(tmpdir(), 'scanned-seeds-'));
  try {
    for (const name of readdirSync(seedsDir).filter((n) => n.endsWith('.txt')).sort()) {
      const lines = readFileSync(join(seedsDir, name), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
      const html = join(dir, name.replace(/\.txt$/, '.html'));
      writeFileSync(html, seedHtml(lines));
      const printed = join(dir, 'printed.pdf');
      execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${printed}`, `file://${html}`], { stdio: 'ignore' });
      const doc = await unpdf.getDocumentProxy(new Uint8Array(readFileSync(printed)));
      const pages: { data: Buffer; width: number; height: number; gray: boolean }[] = [];
      for (let i = 1; i <= doc.numPages; i++) {
        const png = await unpdf.renderPageAsImage(doc, i, { scale: 1.5, canvasImport: () => import('@napi-rs/canvas') });
        const img = sharp(Buffer.from(png)).flatten({ background: '#ffffff' }).grayscale();
        const { width, height } = await img.metadata();
        pages.push({ data: await img.jpeg({ quality: 60 }).toBuffer(), width: width!, height: height!, gray: true });
      }
      await doc.destroy();
      const out = join(here, 'scanned-seeds', name.replace(/\.txt$/, '.pdf'));
      writeFileSync(out, imagePdf(pages));
      console.log(`${out}: ${pages.length} pages`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
