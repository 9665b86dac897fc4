import { neutraliseFormula } from './formula-guard';

describe('neutraliseFormula', () => {
  it.each([
    '=HYPERLINK("http://x","y")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    ' =1+1',
    '\u3000=1+1',
    '\t=1+1',
    '\r=1',
    '\n=1',
    '＝1+1',
    '＋1',
    '－1',
    '＠SUM(A1)',
    '\u00a0=1',
  ])('guards %j', (v) => expect(neutraliseFormula(v)).toBe(`'${v}`));

  it.each(['金马镇', '已提交（2024-01-02）', '100%', 'A1镇', ''])('leaves %j alone', (v) => expect(neutraliseFormula(v)).toBe(v));
});
