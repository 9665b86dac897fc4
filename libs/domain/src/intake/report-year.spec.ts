import { checkReportYear } from './report-year';

describe('report year against the text (issue 14)', () => {
  it('holds a report whose text states another year until the year is confirmed', () => {
    const held = checkReportYear({ declaredYear: 2023, detectedYear: 2022, confirmed: false });
    expect(held.hold).toBe(true);
    expect(held.reasonZh).toContain('报告正文显示为2022年度');
    expect(held.reasonZh).toContain('2023年度');
    expect(checkReportYear({ declaredYear: 2023, detectedYear: 2022, confirmed: true })).toEqual({ hold: false, reasonZh: null });
  });

  it('lets a matching year and a text without a year through', () => {
    expect(checkReportYear({ declaredYear: 2023, detectedYear: 2023, confirmed: false }).hold).toBe(false);
    expect(checkReportYear({ declaredYear: 2023, detectedYear: null, confirmed: false }).hold).toBe(false);
  });
});

describe('the seed reports are never held for their year', () => {
  // The demo county files each seed under the year its document states: the analyzer must read the same year.
  const { readFileSync } = jest.requireActual('node:fs') as typeof import('node:fs');
  const path = jest.requireActual('node:path') as typeof import('node:path');
  const { analyzeText } = jest.requireActual('@app/report-analyzer') as typeof import('@app/report-analyzer');
  const root = path.resolve(__dirname, '../../../..');
  const demo = JSON.parse(readFileSync(path.join(root, 'seeds/demo/demo-county.json'), 'utf8')) as { townships: { seedReport: { file: string; year: number } }[] };
  it.each(demo.townships.map((t) => [t.seedReport.file, t.seedReport.year] as const))('%s as %i', (file, year) => {
    const a = analyzeText(readFileSync(path.join(root, 'seeds/reports', file), 'utf8'), { file, format: 'txt', sha256: '0'.repeat(64) });
    expect(checkReportYear({ declaredYear: year, detectedYear: a.reportYear, confirmed: false }).hold).toBe(false);
  });
});
