import { parseChineseNumeral, parseReportNumber } from './chinese-numbers';

describe('Chinese numerals', () => {
  it.each([
    ['四', 4],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三百二十', 320],
    ['一千零五', 1005],
    ['两万', 20000],
    ['十万', 100000],
    ['三万五千', 35000],
    ['一亿', 100000000],
  ])('%s → %d', (s, n) => expect(parseChineseNumeral(s)).toBe(n));

  it.each([
    ['30余', 30],
    ['两万余', 20000],
    ['1.4万', 14000],
    ['98.68', 98.68],
    ['近百', 100],
    ['12', 12],
  ])('report number %s → %d', (s, n) => expect(parseReportNumber(s)).toBe(n));

  it('is NaN for non-numbers', () => {
    expect(parseReportNumber('法治')).toBeNaN();
    expect(parseChineseNumeral('')).toBeNaN();
  });
});
