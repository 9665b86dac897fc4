/**
 * CSV / spreadsheet injection guard (OWASP "CSV Injection"): a cell a spreadsheet could read as a formula or DDE
 * command gets a leading apostrophe, so Excel and WPS show it as text. Besides = + - @ at the start, spreadsheets
 * skip leading blanks (space, tab, CR, LF, U+3000 ideographic space) and WPS and Excel with an IME accept the
 * full-width forms ＝ ＋ － ＠, so a cell starting with any of those is neutralised too.
 */
const RISKY_START = /^(?:[\s\u3000\u00a0]|[=+\-@\uff1d\uff0b\uff0d\uff20])/;

export function neutraliseFormula(value: string): string {
  return RISKY_START.test(value) ? `'${value}` : value;
}

/** Strings are guarded; numbers, dates and empty cells pass as they are. */
export function guardCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}
