// Builds the OCR fixtures from seed report 000 (金马镇): Chromium screenshots of justified 公文-style pages, turned into
// a scan-like JPEG, a photo-like JPEG (rotated 3°, lower contrast, EXIF-free), a two-page image-only PDF (the JPEGs
// embedded with DCTDecode, no text operators), and a picture without text.
// Needs chromium and fonts-noto-cjk; run once with `npx tsx libs/report-analyzer/test-fixtures/make-ocr-fixtures.ts`.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import sharp from 'sharp';

const here = __dirname;
// Read when the fixtures are made, not on import (the OCR bench imports imagePdf from the build output).
const seedLines = () =>
  readFileSync(join(here, '../../../seeds/reports/000_cd09f5d6f779e604.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

async function screenshot(paragraphs: string[], dir: string, name: string): Promise<Buffer> {
  const html = join(dir, `${name}.html`);
  const png = join(dir, `${name}.png`);
  writeFileSync(
    html,
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>' +
      'body{font-family:"Noto Serif CJK SC";font-size:20px;width:720px;margin:40px;background:#fff;color:#111}' +
      'p{text-indent:2em;margin:0;line-height:1.7;text-align:justify}h1{font-size:26px;text-align:center;margin:0 0 16px}' +
      `</style></head><body><h1>${esc(paragraphs[0])}</h1>${paragraphs.slice(1).map((p) => `<p>${esc(p)}</p>`).join('')}` +
      '</body></html>',
  );
  execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--window-size=800,560',
    `--screenshot=${png}`, `file://${html}`,
  ], { stdio: 'ignore' });
  return readFileSync(png);
}

/** A PDF whose pages are only JPEG images (what a scanner produces), A4-shaped. */
export function imagePdf(jpegs: { data: Buffer; width: number; height: number; gray?: boolean }[]): Buffer {
  const objects: Buffer[] = [];
  const add = (b: Buffer | string) => objects.push(Buffer.isBuffer(b) ? b : Buffer.from(b, 'latin1'));
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, below
  const kids: number[] = [];
  for (const j of jpegs) {
    add(Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${j.width} /Height ${j.height} /ColorSpace /${j.gray ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${j.data.length} >>\nstream\n`, 'latin1'),
      j.data,
      Buffer.from('\nendstream', 'latin1'),
    ]));
    const image = objects.length;
    const w = 595;
    const h = Math.round((595 * j.height) / j.width);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im1 Do Q`;
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im1 ${image} 0 R >> >> /Contents ${objects.length} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`, 'latin1');
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(obj);
    length += obj.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ocr-fixtures-'));
  const seed = seedLines();
  try {
    // Page 1: title and the first paragraphs; page 2: the legal-adviser paragraph with its counts.
    const page1 = await screenshot([seed[0], seed[2], seed[3]], dir, 'page1');
    const adviser = seed.find((p) => p.includes('法律顾问') && /\d+名/.test(p)) ?? seed[6];
    const page2 = await screenshot([seed[0], adviser], dir, 'page2');
    const scan = await sharp(page1).flatten({ background: '#ffffff' }).jpeg({ quality: 80 }).toBuffer();
    writeFileSync(join(here, 'ocr-scan.jpg'), scan);
    const photo = await sharp(page1)
      .flatten({ background: '#ffffff' })
      .rotate(3, { background: '#d8d4cc' })
      .linear(0.7, 40) // lower contrast, greyish paper
      .jpeg({ quality: 70 })
      .toBuffer();
    writeFileSync(join(here, 'ocr-photo.jpg'), photo);
    const pages = await Promise.all(
      [page1, page2].map(async (png) => {
        const img = sharp(png).flatten({ background: '#ffffff' });
        const { width, height } = await img.metadata();
        return { data: await img.jpeg({ quality: 75 }).toBuffer(), width: width!, height: height! };
      }),
    );
    writeFileSync(join(here, 'ocr-scanned.pdf'), imagePdf(pages));
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#f4f1ea' } }).png().toBuffer();
    writeFileSync(join(here, 'ocr-blank.png'), blank);
    console.log('wrote ocr-scan.jpg, ocr-photo.jpg, ocr-scanned.pdf, ocr-blank.png');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
