import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { normalizeText } from '../extract';
import { OBLIGATIONS } from './catalogue';
import { analyzeText } from './analyze-text';
import { analyze, buildReport } from './testing/fixtures';
import type { Analysis } from '../types';

const seedsDir = path.resolve(__dirname, '../../../../seeds/reports');
const seedTexts = fs.existsSync(seedsDir)
  ? fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => normalizeText(fs.readFileSync(path.join(seedsDir, f), 'utf8')))
  : [];

function checkContract(a: Analysis): void {
  expect(a.schemaVersion).toBe(1);
  expect(a.obligations.map((o) => o.id)).toEqual(OBLIGATIONS.map((o) => o.id));
  for (const o of a.obligations) {
    expect(o.status === 'evidenced').toBe(o.evidence.length > 0);
    for (const e of o.evidence) {
      expect(a.text.slice(e.start, e.end)).toBe(e.quote);
      expect(e.quote.length).toBeGreaterThan(0);
      expect(e.quote.length).toBeLessThanOrEqual(200);
    }
  }
  for (const m of a.metrics) expect(a.text.slice(m.start, m.end)).toBe(m.quote);
  for (const p of a.planItems) {
    expect(a.text.slice(p.start, p.end)).toBe(p.text);
    if (p.due !== null) expect(p.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  for (const p of a.problems) expect(a.text.slice(p.start, p.end)).toBe(p.text);
  for (const s of a.sections) expect(s.start).toBeLessThanOrEqual(s.end);
}

describe('analyzeText contract', () => {
  it('every obligation in tsv order, verbatim quotes, metadata never from text (seed reports)', () => {
    for (const text of seedTexts) {
      const a = analyzeText(text, { file: 'seed.txt', format: 'txt', sha256: 'x' });
      checkContract(a);
      expect(a.obligations.find((o) => o.id === 'annual_report_submission')!.status).toBe('not_found');
      expect(a.source.chars).toBe(text.length);
    }
  });

  it('is deterministic', () => {
    const raw = buildReport({ achievements: ['成立法治建设领导小组,培养法律明白人50名。'], plan: ['开展培训不少于6次。'] });
    expect(JSON.stringify(analyze(raw))).toBe(JSON.stringify(analyze(raw)));
  });

  it('holds on arbitrary cuts and mixes of report text (excerpts stopping mid-sentence)', () => {
    if (!seedTexts.length) return;
    fc.assert(
      fc.property(fc.nat(seedTexts.length - 1), fc.nat(), fc.nat(), fc.boolean(), (i, a, b, trad) => {
        const t = seedTexts[i];
        const from = a % t.length;
        const to = from + (b % Math.max(1, t.length - from));
        let piece = t.slice(from, to + 1);
        if (trad) piece = piece.replace(/法/g, '法').replace(/镇/g, '鎮').replace(/规范/g, '規範');
        checkContract(analyzeText(piece, { file: 'cut.txt', format: 'txt', sha256: '' }));
      }),
      { numRuns: 60 },
    );
  });

  it('survives odd input (empty, punctuation only, very long line)', () => {
    for (const t of ['', '。。。', ',,,;;;', '一、', '(一)', '法'.repeat(5000), '2023年']) checkContract(analyzeText(t, { file: 'odd.txt', format: 'txt', sha256: '' }));
  });
});
