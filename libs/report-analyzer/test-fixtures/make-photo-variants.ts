// Phone-photo variants of the committed OCR fixtures: an iPhone-style HEIC of the scan-like page, the photo-like page
// stored sideways with an EXIF orientation tag (what a phone held sideways writes), and the scan-like page turned a
// quarter without any tag (a page fed into the scanner sideways).
// Needs heif-enc (Debian package libheif-examples); run once with
// `npx tsx libs/report-analyzer/test-fixtures/make-photo-variants.ts`.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import sharp from 'sharp';

const here = __dirname;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'photo-variants-'));
  try {
    const scan = readFileSync(join(here, 'ocr-scan.jpg'));
    const photo = readFileSync(join(here, 'ocr-photo.jpg'));
    const png = join(dir, 'scan.png');
    writeFileSync(png, await sharp(scan).png().toBuffer());
    execFileSync('heif-enc', ['--quality', '60', '-o', join(here, 'ocr-scan.heic'), png], { stdio: 'ignore' });
    // Pixels turned 90° anticlockwise; EXIF orientation 6 tells viewers to turn them 90° clockwise to display.
    const sideways = await sharp(photo).rotate(-90).jpeg({ quality: 70 }).toBuffer();
    writeFileSync(join(here, 'ocr-photo-exif-rotated.jpg'), await sharp(sideways).withMetadata({ orientation: 6 }).jpeg({ quality: 70 }).toBuffer());
    writeFileSync(join(here, 'ocr-scan-sideways.jpg'), await sharp(scan).rotate(90).jpeg({ quality: 80 }).toBuffer());
    console.log('wrote ocr-scan.heic, ocr-photo-exif-rotated.jpg, ocr-scan-sideways.jpg');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
