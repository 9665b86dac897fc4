// Quantified targets and due dates of plan items: "全年开展专题培训不少于12次" → {op: ">=", value: 12, unit: "次"};
// "15次以上" → >= 15; "1-2个" → >= 1 (the lower bound); "不超过3天" → <= 3. Numbers inside quotes (names such as
// “一村一法律顾问”, “四个一”) and years are never targets. Chinese numerals count only next to an explicit bound word,
// because 一件事一次办 / 一站式 are names, not quantities. A bare per-period frequency ("每季度1次") yields to a bounded
// count after it ("全年不少于4次").

import type { Target } from '../types';
import type { CompiledLexicon } from './lexicon';
import { FLAG_QUOTED, FLAG_TITLE, MatchText } from './match-text';
import { parseReportNumber } from './chinese-numbers';

const ACTION_BEFORE = /(开展|组织|举办|召开|创建|争创|建成|新建|打造|培养|培育|完成)$/;
const PER_PERIOD = /每(个)?(季度|月|周|半年|年)[^,;:。\d]{0,3}$/;

export function extractTarget(lex: CompiledLexicon, mt: MatchText, start: number, end: number): Target | null {
  const t = mt.s.slice(start, end);
  const re = lex.targets.re;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let perPeriod: Target | null = null; // "每季度组织1次…,全年不少于4次": a frequency yields to the year's bound
  while ((m = re.exec(t))) {
    const g = m.groups ?? {};
    const n = g.n ?? '';
    const at = start + m.index + (g.pre?.length ?? 0);
    if (mt.flags[at] & (FLAG_QUOTED | FLAG_TITLE)) continue;
    const prevChar = t[m.index - 1] ?? '';
    if (/[\d.]/.test(prevChar)) continue;
    const arabic = /^\d/.test(n);
    // a Chinese numeral counts after an explicit bound word, or as the object count of an action ("开展一次…",
    // "创建一个…"); 一件事一次办 / 一站式 are names
    if (!arabic && !g.pre && !g.post && !ACTION_BEFORE.test(t.slice(Math.max(0, m.index - 4), m.index))) continue;
    const nextChar = t[m.index + m[0].length] ?? '';
    if (nextChar === '性' || nextChar === '年') continue;
    const value = parseReportNumber(n);
    if (!Number.isFinite(value)) continue;
    const bound = g.pre ?? g.post ?? '';
    const op: Target['op'] = lex.targets.le.test(g.pre ?? '') || lex.targets.le.test(g.post ?? '') ? '<=' : lex.targets.eq.test(bound) ? '=' : '>=';
    const unit = g.unit === '场次' || g.unit === '场' ? '次' : g.unit;
    if (!g.pre && !g.post && PER_PERIOD.test(t.slice(Math.max(0, m.index - 6), m.index))) {
      perPeriod ??= { op, value, unit };
      continue;
    }
    return { op, value, unit };
  }
  return perPeriod;
}

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'];
const CN_Q: Record<string, number> = { 一: 0, 二: 1, 三: 2, 四: 3, '1': 0, '2': 1, '3': 2, '4': 3 };

/** Due date: an explicit date in the item, or else 12-31 of the plan year. */
export function extractDue(text: string, planYear: number | null): string | null {
  const full = /(20\d\d)年(\d{1,2})月(?:(\d{1,2})日)?(底|末)?/.exec(text);
  if (full) return dateOf(Number(full[1]), Number(full[2]), full[3] ? Number(full[3]) : null);
  const yearEnd = /(20\d\d)年(年底|底|末|内|年内)/.exec(text);
  if (yearEnd) return `${yearEnd[1]}-12-31`;
  const yearHalf = /(20\d\d)年上半年/.exec(text);
  if (yearHalf) return `${yearHalf[1]}-06-30`;
  if (planYear == null) return null;
  const month = /(\d{1,2})月(底|末)?(前|之前|以前)/.exec(text);
  if (month) return dateOf(planYear, Number(month[1]), null);
  if (/上半年/.test(text)) return `${planYear}-06-30`;
  const q = /第([一二三四1-4])季度/.exec(text);
  if (q) return `${planYear}-${QUARTER_END[CN_Q[q[1]]]}`;
  return `${planYear}-12-31`;
}

function dateOf(year: number, month: number, day: number | null): string | null {
  if (month < 1 || month > 12) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const d = day == null || day > last ? last : day;
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
