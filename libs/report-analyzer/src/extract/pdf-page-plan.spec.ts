import { normalizeText } from './normalize-text';
import type { OcrLine } from './ocr';
import { SCANNED_PAGE_MAX_HAN, mergePdfPages, pagesToOcr } from './pdf-page-plan';
import type { PdfTextItem, PdfTextLayer } from './pdf-text-worker';

/** A text page: one item per line, 12 pt, lines 20 pt apart from the top. */
const textPage = (...lines: string[]): PdfTextItem[] => lines.map((l, i) => [l, 72, 800 - i * 20, l.length * 12, 12, true]);
/** An OCR page: one line per entry, boxes 30 px high, 45 px apart. */
const ocrPage = (...lines: [string, number][]): OcrLine[] =>
  lines.map(([text, confidence], i) => [text, confidence, 100, 100 + i * 45, 100 + text.length * 24, 130 + i * 45, 0]);
const layer = (pages: PdfTextItem[][], imagePages: number[] = []): PdfTextLayer => ({ numPages: pages.length, pages, imagePages });

const BODY = '金马镇党委政府高度重视法治政府建设工作，成立了以党委书记为组长的法治建设领导小组。';

describe('pagesToOcr: which pages of a PDF are scans', () => {
  it('takes pages with an image and fewer than the threshold of Han characters, in page order', () => {
    expect(pagesToOcr(layer([textPage(BODY), [], textPage('- 3 -'), textPage(BODY)], [2, 3]))).toEqual([2, 3]);
  });

  it('keeps a page with enough text even when it paints an image (a logo, a red header, a stamp)', () => {
    const justEnough = '法'.repeat(SCANNED_PAGE_MAX_HAN);
    const justBelow = '法'.repeat(SCANNED_PAGE_MAX_HAN - 1);
    expect(pagesToOcr(layer([textPage(justEnough), textPage(justBelow)], [1, 2]))).toEqual([2]);
  });

  it('leaves a near-empty page without an image to its text layer (a blank back side)', () => {
    expect(pagesToOcr(layer([textPage(BODY), []], []))).toEqual([]);
  });

  it('reads a page whose text layer is mostly garbled glyph codes by OCR, image or not', () => {
    const garbled = '\uE001'.repeat(25);
    expect(pagesToOcr(layer([textPage(BODY), textPage(garbled), textPage('\uE001'.repeat(19))], []))).toEqual([2]);
  });
});

describe('mergePdfPages: text pages and OCR pages in page order', () => {
  const pages = [textPage('一、工作开展情况', BODY), [], textPage('二、存在的问题', '法治宣传教育的针对性还不强。'), []];
  const ocr = new Map<number, OcrLine[]>([
    [2, ocrPage(['（一）开展法治培训3次，', 0.91], ['参训人员120人次。', 0.82])],
    [4, ocrPage(['金马镇人民政府', 0.99])],
  ]);
  const merged = mergePdfPages(layer(pages, [2, 4]), ocr);

  it('keeps page order, starts a paragraph where the kind of page changes, and is already normalised', () => {
    expect(merged.text).toBe(
      `一、工作开展情况\n${BODY}\n\n（一）开展法治培训3次，\n参训人员120人次。\n\n二、存在的问题\n法治宣传教育的针对性还不强。\n\n金马镇人民政府`,
    );
    expect(normalizeText(merged.text)).toBe(merged.text);
  });

  it('marks only the OCR pages as read by OCR, with each line at its offset and confidence', () => {
    expect(merged.ocrRegions.map((r) => merged.text.slice(r.start, r.end))).toEqual(['（一）开展法治培训3次，\n参训人员120人次。', '金马镇人民政府']);
    expect(merged.spans.map((s) => [merged.text.slice(s.start, s.end), s.confidence])).toEqual([
      ['（一）开展法治培训3次，', 0.91],
      ['参训人员120人次。', 0.82],
      ['金马镇人民政府', 0.99],
    ]);
  });

  it('maps a line repeated on a text page and an OCR page to the OCR page', () => {
    const m = mergePdfPages(layer([textPage('金马镇人民政府', BODY), []], [2]), new Map([[2, ocrPage(['金马镇人民政府', 0.9])]]));
    expect(m.text).toBe(`金马镇人民政府\n${BODY}\n\n金马镇人民政府`);
    expect(m.spans).toEqual([{ start: m.text.lastIndexOf('金马镇人民政府'), end: m.text.length, confidence: 0.9 }]);
  });

  it('skips an OCR page that read nothing without an empty paragraph', () => {
    const m = mergePdfPages(layer([textPage(BODY), [], textPage('二、存在的问题')], [2]), new Map([[2, []]]));
    expect(m).toEqual({ text: `${BODY}\n\n二、存在的问题`, ocrRegions: [], spans: [] });
  });
});
