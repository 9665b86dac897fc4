// A report printed to PDF by Chromium with Noto CJK fonts: its text layer carries radicals (⾦⻢镇 for 金马镇). After
// normalisation it must read like the plain-text original: the township is found and the same obligations are evidenced.
import { readFileSync } from 'fs';
import { join } from 'path';
import { analyzeFile, closePdfWorker } from '../index';
import { readPdfTextLayer } from './pdf-text-worker';

jest.setTimeout(60_000);
afterAll(() => closePdfWorker());

const fixture = readFileSync(join(__dirname, '../../test-fixtures/chromium-radicals.pdf'));
const seed = readFileSync(join(__dirname, '../../../../seeds/reports/000_cd09f5d6f779e604.txt'));
const RADICAL = /[\u2E80-\u2EFF\u2F00-\u2FDF]/u;

describe('Chromium-printed PDF with radicals in its text layer', () => {
  it('really has radicals in the raw text layer (the fixture exercises the mapping)', async () => {
    const layer = await readPdfTextLayer(new Uint8Array(fixture), { maxPages: 50, timeoutMs: 30_000 });
    const raw = layer.pages.flat().map(([s]) => s).join('');
    expect(raw).toMatch(/\u2FA6\u2EE2镇/u); // ⾦⻢镇
    expect(raw).toMatch(/[\u2E80-\u2EFF]/u);
  });

  it('is analysed like the txt original: township found, same evidenced obligations, quotes are slices of the text', async () => {
    const pdf = await analyzeFile(new Uint8Array(fixture), 'chromium-radicals.pdf');
    const txt = await analyzeFile(new Uint8Array(seed), '000.txt');
    expect(pdf.text).not.toMatch(RADICAL);
    expect(pdf.township.name).toBe('金马镇');
    expect(pdf.township.name).toBe(txt.township.name);
    const evidenced = (a: typeof pdf) => a.obligations.filter((o) => o.status === 'evidenced').map((o) => o.id);
    expect(evidenced(pdf).length).toBeGreaterThanOrEqual(25);
    expect(evidenced(pdf)).toEqual(evidenced(txt));
    for (const o of pdf.obligations) {
      for (const e of o.evidence) expect(pdf.text.slice(e.start, e.end)).toBe(e.quote);
    }
  });
});
