// Chinese and mixed numerals → numbers ("四次" → 4, "十二" → 12, "两万余" → 20000, "1.4万" → 14000, "30余" → 30).
// Approximation suffixes (余, 多, 近, 超) are dropped: the rubric takes the stated number as the lower bound.

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** The characters a Chinese numeral may be written with (for building regexes). */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/** Parses a pure Chinese numeral ("三百二十", "十二", "两万"); NaN when it is not one. */
export function parseChineseNumeral(s: string): number {
  if (!s) return NaN;
  let total = 0; // completed big-unit groups
  let section = 0; // current group below 万
  let digit = -1; // pending digit
  for (const ch of s) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in SMALL_UNITS) {
      section += (digit < 0 ? 1 : digit) * SMALL_UNITS[ch];
      digit = -1;
    } else if (ch in BIG_UNITS) {
      section += digit < 0 ? 0 : digit;
      total = (total + (section || (total ? 0 : 1))) * BIG_UNITS[ch];
      section = 0;
      digit = -1;
    } else {
      return NaN;
    }
  }
  return total + section + (digit < 0 ? 0 : digit);
}

/**
 * Parses a number as written in a report: Arabic digits with an optional decimal part and a trailing 万/亿,
 * a Chinese numeral, or a mix ("1.4万", "两万", "30余"). Returns NaN when nothing numeric is found.
 */
export function parseReportNumber(raw: string): number {
  const s = raw.replace(/[余多近超约逾,，\s]/g, '');
  const m = /^(\d+(?:\.\d+)?)([万亿]?)$/.exec(s);
  if (m) return Number(m[1]) * (m[2] ? BIG_UNITS[m[2]] : 1);
  return parseChineseNumeral(s);
}
