// Normalisation shared by every input format. Its output is the `text` that all analysis offsets refer to, so it must
// be deterministic and idempotent (normalizeText(normalizeText(x)) === normalizeText(x)).
// It is a handful of global regex passes (linear, no per-character string building): a 15 KB report takes well
// under a millisecond.

import { SUPPLEMENT_RADICAL_TO_IDEOGRAPH } from './radical-table.generated';

// "CJK" for the spacing rules: Han ideographs plus the punctuation Chinese prose puts next to them (、。《》【】，：；
// （）！？“”‘’…—·). Full-width letters and digits are folded to ASCII before these rules run.
const CJK = String.raw`[\p{Script=Han}\u3001-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65\u2018-\u201D\u2026\u2014\u00B7]`;
const DIGIT_OR_PERCENT = '[0-9%\uFF05]';

const NEWLINES = /\r\n?|[\u2028\u2029\u000B\u000C\u0085]/g;
// Radicals that PDF text layers (Chromium, WPS and other CJK-font printers) emit in place of the ideograph whose glyph
// they share: ⼯ U+2F2F for 工, ⻓ U+2ED3 for 长. Kangxi Radicals decompose under NFKC; the CJK Radicals Supplement
// has no decomposition and is mapped by a table generated from the Unicode Character Database. Only these code points
// are touched, so full-width punctuation (which NFKC would also fold) stays as written.
const RADICALS = /[\u2E80-\u2EFF\u2F00-\u2FDF]/g;
const SUPPLEMENT_RADICALS = new Map(
  SUPPLEMENT_RADICAL_TO_IDEOGRAPH.map(([from, to]) => [String.fromCharCode(from), String.fromCodePoint(to)]),
);
const radicalToIdeograph = (c: string): string => SUPPLEMENT_RADICALS.get(c) ?? c.normalize('NFKC');
// Full-width digits and Latin letters only; full-width punctuation (，（）％ …) is kept as written.
const FULLWIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
// Ideographic space, no-break space and the other typographic spaces become an ordinary space.
const WIDE_SPACES = /[\u3000\u00A0\u1680\u2000-\u200A\u202F\u205F]/g;
// Invisible characters: zero-width spaces/joiners, word joiner, BOM, soft hyphen, and C0/C1 controls other than \t \n.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// A run of blanks holding a tab is one tab: the cell boundary of a table flattened to text (.doc cell marks, tab-
// separated rows). It is kept, unlike a space between two Chinese characters, so the cells do not run together.
const TAB_RUNS = /[ \t]*\t[ \t]*/g;
const SPACE_RUNS = / +/g;
const LINE_EDGE_SPACES = /^[ \t]|[ \t]$/gm;
// One space (runs are already collapsed) between two CJK characters, between CJK and a digit or percent sign (either
// order), and between a digit and a percent sign. The pattern starts with the literal space so the engine only tries
// the lookarounds at spaces, which keeps the pass ~10x faster than a leading lookbehind.
const SPACE_TO_DROP = new RegExp(
  ` (?:(?<=${CJK} )(?=${CJK}|${DIGIT_OR_PERCENT})|(?<=${DIGIT_OR_PERCENT} )(?=${CJK})|(?<=[0-9] )(?=[%\uFF05]))`,
  'gu',
);
// Single digits spaced apart, as PDF text layers render "2 0 2 3 年". Joined only when Chinese (or a line edge) is on
// both sides, so "1 2 3" in a Latin context stays intact; the context is checked in the callback because a leading
// lookbehind would be evaluated at every position.
const SPACED_DIGITS = /[0-9](?: [0-9])+/g;
const IS_CJK = new RegExp(`^${CJK}$`, 'u');
const joinSpacedDigits = (m: string, offset: number, s: string): string => {
  const before = offset === 0 ? '\n' : s[offset - 1];
  const after = offset + m.length >= s.length ? '\n' : s[offset + m.length];
  const beforeOk = before === '\n' || IS_CJK.test(before);
  const afterOk = after === '\n' || IS_CJK.test(after);
  return beforeOk && afterOk && (before !== '\n' || after !== '\n') ? m.replace(/ /g, '') : m;
};
const BLANK_LINE_RUNS = /\n{3,}/g;
const EDGE_NEWLINES = /^\n+|\n+$/g;

export function normalizeText(raw: string): string {
  return raw
    .replace(NEWLINES, '\n')
    .replace(RADICALS, radicalToIdeograph)
    .replace(FULLWIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(WIDE_SPACES, ' ')
    .replace(INVISIBLE, '')
    .replace(TAB_RUNS, '\t')
    .replace(SPACE_RUNS, ' ')
    .replace(LINE_EDGE_SPACES, '')
    .replace(SPACE_TO_DROP, '')
    .replace(SPACED_DIGITS, joinSpacedDigits)
    .replace(BLANK_LINE_RUNS, '\n\n')
    .replace(EDGE_NEWLINES, '');
}
