// OCR line boxes → text in reading order with the printed line wraps of a paragraph undone, so a sentence, a list
// item or a "number + unit" broken by the page width reads (and can be quoted) as one string.
// A line runs on into the next one when it reaches the right text margin, starts at the left margin or a paragraph
// indent (not a centred title, not a right-aligned signature or date), and the next line starts at the left margin
// (Chinese paragraphs start with a two-character indent), at ordinary line spacing and size, without an outline or list
// marker (一、 （一） 1. ① 第X条 …). The same holds across a page break. Margins, character width and line pitch are
// estimated per page (per column on a two-column page) from the lines themselves, robustly: a stray mark or a stamp
// does not move them. Joins insert nothing between Chinese characters and one space where two Latin words meet, so
// every line's text stays a contiguous slice of the result (OCR spans and quote confidences are found per line).
// Cost: a sort per page (reading order), then one pass over the lines.
import type { OcrLine } from './ocr';

export interface OcrText {
  /** Paragraphs separated by a newline; pages by a blank line unless a paragraph runs on across the break. */
  text: string;
  /** The lines of each page that made the text, in the order their text appears in it (page numbers dropped). */
  pages: OcrLine[][];
}

interface Row {
  boxes: OcrLine[];
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Column {
  left: number;
  right: number;
  /** Several lines end at `right`: a real margin, so reaching it means the line wrapped. */
  confirmed: boolean;
  /** Median distance between the tops of consecutive lines (0: unknown). */
  pitch: number;
}

interface Page {
  rows: Row[];
  /** The column each row (same index) belongs to. */
  columns: Column[];
  /** Estimated width of one Chinese character, in pixels. */
  em: number;
}

/** Lines that must end together at the right edge before it counts as a margin. */
const MIN_LINES_AT_MARGIN = 3;
/** A wrapped line ends at most this many characters short of the margin (end punctuation is narrow). */
const MARGIN_TOLERANCE_EMS = 1.5;
/** The next line of a paragraph starts within this of the left margin; an indent is about 2 characters. */
const LEFT_TOLERANCE_EMS = 0.8;
/** A line that wraps starts at the margin or an indent (up to this: two characters, plus the blank half of an opening
 * bracket such as "（一）"), not centred or right-aligned. */
const MAX_INDENT_EMS = 3.2;
/** Narrower columns are table cells, whose lines wrap differently. */
const MIN_COLUMN_EMS = 8;

// "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 10 页", "3/10".
const PAGE_NUMBER = /^[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?[-—–_\s]*$/;
// Outline numbering and list markers of Chinese documents: a line starting with one starts a new paragraph.
const LIST_START =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]{1,3}[）)]|\d{1,3}(?:[、．]|\.(?!\d)|[)）])|[①-⑳⑴-⒇⒈-⒛]|第[一二三四五六七八九十百千\d]+[章节条款项部分]|附件|[•●○◆◇■□▪▶★·\-–—]\s*\S)/u;
const SENTENCE_END = /[。！？!?；;：:]$/;
const ASCII = /[\x20-\x7e]/;

export function rebuildOcrText(input: readonly OcrLine[][]): OcrText {
  const pages = input.map(pageLayout);
  fillUnconfirmedMargins(pages);
  // Documents that indent their paragraphs mark every paragraph start that way; without indents (block paragraphs),
  // a line that ends a sentence at the margin may end its paragraph, so it is not joined.
  const indented = pages.some((p) => p.rows.some((r, i) => isIndented(r, p.columns[i], p.em)));
  let text = '';
  const ordered: OcrLine[][] = [];
  let prev: { row: Row; column: Column; em: number } | undefined;
  for (const page of pages) {
    ordered.push(page.rows.flatMap((r) => r.boxes));
    page.rows.forEach((row, i) => {
      const here = { row, column: page.columns[i], em: page.em };
      if (!prev) text += row.text;
      else if (runsOn(prev, here, i === 0, indented)) text += glue(prev.row.text, row.text) + row.text;
      else text += (i === 0 ? '\n\n' : '\n') + row.text;
      prev = here;
    });
  }
  return { text, pages: ordered };
}

/** Reading order, rows, columns and margins of one page. */
function pageLayout(lines: readonly OcrLine[]): Page {
  const boxes = lines.filter((l) => l[0].trim() !== '');
  // Columns are found on the boxes, before they are grouped into rows: the lines of two columns share their y.
  const em = charWidth(boxes.map((b) => asRow([b])));
  const split = columnSplit(boxes.map((b) => asRow([b])), em);
  let rows: Row[];
  let columns: Column[];
  if (split === undefined) {
    rows = dropPageNumbers(groupRows(boxes));
    const column = measureColumn(rows, em);
    columns = rows.map(() => column);
  } else {
    // Two columns: rows across the gutter (titles) separate bands; each band reads its left column, then its right.
    const leftRows = groupRows(boxes.filter((b) => b[4] <= split));
    const rightRows = groupRows(boxes.filter((b) => b[2] >= split));
    const spanning = groupRows(boxes.filter((b) => b[2] < split && b[4] > split));
    const leftCol = measureColumn(leftRows, em);
    const rightCol = measureColumn(rightRows, em);
    const whole = measureColumn(spanning, em);
    rows = [];
    columns = [];
    let l = 0;
    let r = 0;
    const band = (until: number) => {
      for (; l < leftRows.length && leftRows[l].y0 < until; l++) rows.push(leftRows[l]), columns.push(leftCol);
      for (; r < rightRows.length && rightRows[r].y0 < until; r++) rows.push(rightRows[r]), columns.push(rightCol);
    };
    for (const s of spanning) {
      band(s.y0);
      rows.push(s);
      columns.push(whole);
    }
    band(Infinity);
    const kept = new Set(dropPageNumbers([...rows]));
    columns = columns.filter((_, i) => kept.has(rows[i]));
    rows = rows.filter((row) => kept.has(row));
  }
  return { rows, columns, em };
}

/** Page numbers at the top and bottom of the page ("- 3 -", "第3页") are not text. */
function dropPageNumbers(rows: Row[]): Row[] {
  while (rows.length > 0 && PAGE_NUMBER.test(rows[0].text)) rows.shift();
  while (rows.length > 0 && PAGE_NUMBER.test(rows[rows.length - 1].text)) rows.pop();
  return rows;
}

function asRow(boxes: OcrLine[]): Row {
  const [, , x0, y0, x1, y1] = boxes[0];
  return { boxes, text: boxes.map((b) => b[0].trim()).join(' '), x0, y0, x1, y1 };
}

/** Boxes on one printed line (vertical overlap of half their height) become one row, left to right. */
function groupRows(lines: readonly OcrLine[]): Row[] {
  const sorted = [...lines].sort((a, b) => a[3] + a[5] - (b[3] + b[5]));
  const rows: Row[] = [];
  let cur: Row | undefined;
  for (const box of sorted) {
    const [, , x0, y0, x1, y1] = box;
    const overlap = cur ? Math.min(cur.y1, y1) - Math.max(cur.y0, y0) : 0;
    if (cur && overlap >= 0.5 * Math.min(cur.y1 - cur.y0, y1 - y0)) {
      cur.boxes.push(box);
      cur.x0 = Math.min(cur.x0, x0);
      cur.x1 = Math.max(cur.x1, x1);
      cur.y0 = Math.min(cur.y0, y0);
      cur.y1 = Math.max(cur.y1, y1);
      continue;
    }
    cur = { boxes: [box], text: '', x0, y0, x1, y1 };
    rows.push(cur);
  }
  for (const r of rows) {
    r.boxes.sort((a, b) => a[2] - b[2]);
    r.text = r.boxes.map((b) => b[0].trim()).join(' ');
  }
  return rows;
}

/** Width per character of a row with at least 4 (Latin letters count half), else undefined. */
function unitWidth(r: Row): number | undefined {
  const n = units(r.text);
  return n >= 4 ? (r.x1 - r.x0) / n : undefined;
}

function units(text: string): number {
  let n = 0;
  for (const c of text) n += ASCII.test(c) ? 0.5 : 1;
  return n;
}

/** Width of a Chinese character: the median over lines of some length of width per character (Latin counts half). */
function charWidth(rows: readonly Row[]): number {
  const widths: number[] = [];
  for (const r of rows) {
    const n = units(r.text);
    if (n >= 6) widths.push((r.x1 - r.x0) / n);
  }
  if (widths.length > 0) return median(widths);
  const heights = rows.map((r) => r.y1 - r.y0);
  return heights.length ? median(heights) : 1;
}

/**
 * The x of the gutter of a two-column page, or undefined for one column: a vertical line in the middle of the page
 * that at least 3 lines end before and 3 start after, and that few lines (titles) cross.
 */
function columnSplit(rows: readonly Row[], em: number): number | undefined {
  const body = rows.filter((r) => r.x1 - r.x0 >= 4 * em);
  if (body.length < 2 * MIN_LINES_AT_MARGIN) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of body) (lo = Math.min(lo, r.x0)), (hi = Math.max(hi, r.x1));
  const starts = body.map((r) => r.x0).sort((a, b) => a - b);
  const ends = body.map((r) => r.x1).sort((a, b) => a - b);
  let best: { at: number; crossing: number } | undefined;
  for (const at of starts) {
    if (at < lo + 0.3 * (hi - lo) || at > lo + 0.7 * (hi - lo)) continue;
    const before = countAtMost(ends, at);
    const after = body.length - countBelow(starts, at);
    const crossing = body.length - before - after;
    if (before < MIN_LINES_AT_MARGIN || after < MIN_LINES_AT_MARGIN || crossing > 0.15 * body.length) continue;
    if (!best || crossing < best.crossing) best = { at, crossing };
  }
  return best?.at;
}

/** Margins and line pitch of a column's rows (in reading order). */
function measureColumn(rows: readonly Row[], em: number): Column {
  if (rows.length === 0) return { left: 0, right: 0, confirmed: false, pitch: 0 };
  // The left margin: the leftmost start shared by several lines (a stray mark further left does not count).
  const starts = rows.map((r) => r.x0).sort((a, b) => a - b);
  const left = clusterEdge(starts, em * 0.5) ?? starts[0];
  const ends = rows.map((r) => r.x1).sort((a, b) => b - a);
  const right = clusterEdge(ends, em, -1);
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const d = rows[i].y0 - rows[i - 1].y0;
    if (d > 0) gaps.push(d);
  }
  return {
    left,
    right: right ?? ends[0],
    confirmed: right !== undefined && (right ?? 0) - left >= MIN_COLUMN_EMS * em,
    pitch: gaps.length ? median(gaps) : 0,
  };
}

/**
 * The first value of `sorted` (ascending, or descending with sign -1) that starts a run of MIN_LINES_AT_MARGIN values
 * within `tolerance` of each other; undefined when no such run exists.
 */
function clusterEdge(sorted: readonly number[], tolerance: number, sign: 1 | -1 = 1): number | undefined {
  const k = MIN_LINES_AT_MARGIN;
  for (let i = 0; i + k - 1 < sorted.length; i++) {
    if (sign * (sorted[i + k - 1] - sorted[i]) <= tolerance) return sorted[i];
  }
  return undefined;
}

/**
 * A page with too few full lines to show its right margin (a short last page, a signature page) takes the margin
 * confirmed on the other one-column pages of the document when its lines fit inside it.
 */
function fillUnconfirmedMargins(pages: Page[]): void {
  const rights: number[] = [];
  for (const p of pages) for (const c of new Set(p.columns)) if (c.confirmed && p.columns.every((x) => x === c)) rights.push(c.right);
  if (rights.length === 0) return;
  const right = median(rights);
  for (const p of pages) {
    for (const c of new Set(p.columns)) {
      if (c.confirmed || c.right > right + p.em * MARGIN_TOLERANCE_EMS || right - c.left < MIN_COLUMN_EMS * p.em) continue;
      c.right = right;
      c.confirmed = true;
    }
  }
}

function isIndented(r: Row, c: Column, em: number): boolean {
  const indent = r.x0 - c.left;
  return indent >= 1.5 * em && indent <= MAX_INDENT_EMS * em;
}

/** Whether `next` continues the paragraph of `line` (across a page break when `pageBreak`). */
function runsOn(
  line: { row: Row; column: Column; em: number },
  next: { row: Row; column: Column; em: number },
  pageBreak: boolean,
  indented: boolean,
): boolean {
  const { row: a, column: ca, em } = line;
  const { row: b, column: cb, em: emB } = next;
  if (!pageBreak && ca !== cb) return false;
  const reachesMargin = ca.confirmed && ca.right - a.x1 <= MARGIN_TOLERANCE_EMS * em && a.x0 - ca.left <= MAX_INDENT_EMS * em;
  const startsAtMargin = Math.abs(b.x0 - cb.left) <= LEFT_TOLERANCE_EMS * emB;
  const ha = a.y1 - a.y0;
  // Type size from the width per character where both lines have a few; the detector pads the boxes of short lines
  // ("力。") up to a title's height, so heights only rule out a clearly larger line.
  const sa = unitWidth(a);
  const sb = unitWidth(b);
  const sameSize =
    sa !== undefined && sb !== undefined ? Math.max(sa, sb) <= 1.2 * Math.min(sa, sb) : Math.max(ha, b.y1 - b.y0) <= 1.6 * Math.min(ha, b.y1 - b.y0);
  // The next line at ordinary spacing: a wider gap (a blank line) ends the paragraph. Across a page break there is
  // nothing to compare.
  const dy = b.y0 - a.y0;
  const adjacent = pageBreak || (dy > 0.5 * ha && dy <= (ca.pitch > 0 ? 1.5 * ca.pitch : 2.5 * ha));
  return (
    reachesMargin &&
    startsAtMargin &&
    sameSize &&
    adjacent &&
    !LIST_START.test(b.text) &&
    !(SENTENCE_END.test(a.text) && !indented)
  );
}

/** Wrapped Latin words keep a space between them; Chinese (and a number before a Chinese unit) is joined directly. */
function glue(before: string, after: string): string {
  return /[A-Za-z]$/.test(before) && /^[A-Za-z]/.test(after) ? ' ' : '';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** How many values of `sorted` (ascending) are ≤ x. */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many values of `sorted` (ascending) are < x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
