import { normalizeText } from './normalize-text';
import { ocrSpans, type OcrLine } from './ocr';
import { rebuildOcrText } from './ocr-paragraphs';

// A synthetic scan: characters 30 px wide, boxes 24 px high, lines 48 px apart, text from x = 170 to x = 1040
// (29 characters a line). `at(text, line, indent)` is a box starting `indent` characters right of the margin.
const EM = 30;
const LEFT = 170;
const RIGHT = LEFT + 29 * EM;
const TOP = 200;
const PITCH = 48;
const width = (text: string) => [...text].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? EM / 2 : EM), 0);
const at = (text: string, line: number, indent = 0, confidence = 0.9): OcrLine => {
  const x0 = LEFT + indent * EM;
  return [text, confidence, x0, TOP + line * PITCH, x0 + width(text), TOP + line * PITCH + 24, 0];
};
/** A box ending at the right margin. */
const right = (text: string, line: number): OcrLine => [text, 0.9, RIGHT - width(text), TOP + line * PITCH, RIGHT, TOP + line * PITCH + 24, 0];
const PHRASE = '依法行政规范执法强化监督推进法治建设提升治理能力落实普法责任健全工作机制';
/** `n` Chinese characters, different for each `from`. */
const han = (n: number, from = 0) => PHRASE.repeat(20).slice(from, from + n);

/** Three indented paragraphs of three lines each (full, full, short): the margins are confirmed. */
const paragraphs = (first = 0) =>
  [0, 1, 2].flatMap((p) => {
    const line = first + p * 3;
    return [at(han(27, line * 7), line, 2), at(han(29, line * 7 + 1), line + 1), at(`${han(5, line * 7 + 2)}。`, line + 2)];
  });
const paragraphText = (first = 0) =>
  [0, 1, 2].map((p) => {
    const line = first + p * 3;
    return han(27, line * 7) + han(29, line * 7 + 1) + `${han(5, line * 7 + 2)}。`;
  });

describe('rebuildOcrText: wrapped OCR lines joined into paragraphs', () => {
  it('joins the lines of indented paragraphs; an indented line or a short last line starts a new paragraph', () => {
    expect(rebuildOcrText([paragraphs()]).text).toBe(paragraphText().join('\n'));
  });

  it('starts a new paragraph at an outline or list marker at the left margin, but not at a number that continues', () => {
    const next = ['一、存在问题', '（二）加强学习', '1.健全机制', '①完善制度', '第三条规定', '附件：名单', '1.5万元用于普法宣传'];
    const text = next.map((start) => rebuildOcrText([[...paragraphs(), at(han(29, 3), 9), at(start, 10)]]).text.split('\n').slice(3));
    expect(text).toEqual([
      [han(29, 3), '一、存在问题'],
      [han(29, 3), '（二）加强学习'],
      [han(29, 3), '1.健全机制'],
      [han(29, 3), '①完善制度'],
      [han(29, 3), '第三条规定'],
      [han(29, 3), '附件：名单'],
      [`${han(29, 3)}1.5万元用于普法宣传`],
    ]);
  });

  it('joins a line ending a sentence at the margin when the document indents its paragraphs, not when it does not', () => {
    const sentence = `${han(28, 4)}。`;
    const indented = rebuildOcrText([[...paragraphs(), at(sentence, 9), at(han(6, 5), 10)]]).text;
    expect(indented.split('\n').slice(3)).toEqual([sentence + han(6, 5)]);
    // Block paragraphs (no indents, no gaps): the sentence end at the margin may end the paragraph.
    const block = [at(han(29, 1), 0), at(han(29, 2), 1), at(sentence, 2), at(han(29, 6), 3), at(han(6, 7), 4)];
    expect(rebuildOcrText([block]).text).toBe(`${han(29, 1)}${han(29, 2)}${sentence}\n${han(29, 6)}${han(6, 7)}`);
  });

  it('ends a paragraph at a wider gap between lines (a blank line), even without an indent', () => {
    const lines = [at(han(29, 1), 0), at(han(29, 2), 1), at(han(29, 3), 2), at(han(29, 4), 4), at(han(3, 5), 5)];
    expect(rebuildOcrText([lines]).text).toBe(`${han(29, 1)}${han(29, 2)}${han(29, 3)}\n${han(29, 4)}${han(3, 5)}`);
  });

  it('keeps a centred title and a right-aligned signature and date on their own lines', () => {
    // The title: larger type (36 px characters, 30 px boxes), centred above the text.
    const title = '金马镇2023年法治政府建设工作报告';
    const titleWidth = (width(title) * 36) / EM;
    const titleBox: OcrLine = [title, 0.99, (LEFT + RIGHT - titleWidth) / 2, TOP - 80, (LEFT + RIGHT + titleWidth) / 2, TOP - 50, 0];
    const signature = [right('金马镇人民政府', 9), right('2024年1月2日', 10)];
    const lastFull = at(han(29, 8), 9);
    const text = rebuildOcrText([[titleBox, ...paragraphs(), ...signature]]).text;
    expect(text).toBe([title, ...paragraphText(), '金马镇人民政府', '2024年1月2日'].join('\n'));
    // A full last line is not joined to a signature that starts far from the margin.
    const signed = rebuildOcrText([[...paragraphs(), lastFull, right('金马镇人民政府', 10)]]).text;
    expect(signed.split('\n').slice(3)).toEqual([han(29, 8), '金马镇人民政府']);
  });

  it('joins a paragraph running across a page break, drops page numbers, and starts an indented page on a new paragraph', () => {
    const pageNumber = (n: number, line: number): OcrLine => [`- ${n} -`, 0.99, 560, TOP + line * PITCH, 650, TOP + line * PITCH + 24, 0];
    const page1 = [...paragraphs(), at(han(27, 20), 9, 2), at(han(29, 21), 10), pageNumber(1, 12)];
    const continued = [at(han(12, 22), 0), at(`${han(27, 23)}`, 1, 2), at(han(29, 24), 2), at(han(2, 25), 3)];
    const indented = [at(han(27, 23), 0, 2), at(han(29, 24), 1), at(han(2, 25), 2)];
    const joined = rebuildOcrText([page1, continued]);
    expect(joined.text.split('\n').slice(3)).toEqual([han(27, 20) + han(29, 21) + han(12, 22), han(27, 23) + han(29, 24) + han(2, 25)]);
    expect(joined.pages[0].map((l) => l[0])).not.toContain('- 1 -');
    expect(joined.pages[0]).toHaveLength(11);
    const separate = rebuildOcrText([page1, indented]).text;
    expect(separate.split('\n').slice(3)).toEqual([han(27, 20) + han(29, 21), '', han(27, 23) + han(29, 24) + han(2, 25)]);
  });

  it('takes the right margin of a short last page from the other pages of the document', () => {
    const last = [at(han(27, 30), 0, 2), at(han(6, 31), 1), right('金马镇人民政府', 2)];
    expect(rebuildOcrText([paragraphs(), last]).text.split('\n\n')[1]).toBe(`${han(27, 30)}${han(6, 31)}\n金马镇人民政府`);
    // Alone, the page shows no margin: nothing is joined.
    expect(rebuildOcrText([last]).text).toBe(`${han(27, 30)}\n${han(6, 31)}\n金马镇人民政府`);
  });

  it('puts a space only where two Latin words meet', () => {
    const lines = [at(`${han(24, 1)}using the`, 0), at(`Internet${han(25, 2)}`, 1), at(`${han(27, 3)}30`, 2), at('人参加培训。', 3), at(han(29, 4), 4)];
    expect(rebuildOcrText([lines]).text).toBe(`${han(24, 1)}using the Internet${han(25, 2)}${han(27, 3)}30人参加培训。\n${han(29, 4)}`);
  });

  it('reads a two-column page column by column, joining the wraps of each', () => {
    // Columns of 13 characters: x 170–560 and 620–1010, under a title across both.
    const col = (text: string, line: number, x0: number): OcrLine => [text, 0.9, x0, TOP + line * PITCH, x0 + width(text), TOP + line * PITCH + 24, 0];
    const title = col('关于法治政府建设情况的报告', -1, 400);
    const leftCol = [col(han(13, 1), 0, 170), col(han(13, 2), 1, 170), col(han(13, 3), 2, 170), col(han(4, 4), 3, 170)];
    const rightCol = [col(han(13, 11), 0, 620), col(han(13, 12), 1, 620), col(han(13, 13), 2, 620), col(han(5, 14), 3, 620)];
    const interleaved = leftCol.flatMap((l, i) => [l, rightCol[i]]);
    const result = rebuildOcrText([[title, ...interleaved]]);
    expect(result.text).toBe(
      ['关于法治政府建设情况的报告', han(13, 1) + han(13, 2) + han(13, 3) + han(4, 4), han(13, 11) + han(13, 12) + han(13, 13) + han(5, 14)].join('\n'),
    );
    expect(result.pages[0].map((l) => l[0])).toEqual([title[0], ...leftCol.map((l) => l[0]), ...rightCol.map((l) => l[0])]);
  });

  it('makes boxes on one printed line one row, left to right; every line keeps its span and confidence', () => {
    const split: OcrLine[] = [
      ['填报单位：金马镇', 0.8, 170, 200, 410, 224, 0],
      ['填报日期：2024年1月2日', 0.7, 700, 202, 1040, 226, 0],
    ];
    const lines = [...split.reverse(), at(han(27, 1), 1, 2, 0.95), at(han(29, 2), 2, 0, 0.85), at(han(29, 3), 3, 0, 0.75), at(han(3, 4), 4)];
    const result = rebuildOcrText([lines]);
    const text = normalizeText(result.text);
    expect(text).toBe(`填报单位：金马镇填报日期：2024年1月2日\n${han(27, 1)}${han(29, 2)}${han(29, 3)}${han(3, 4)}`);
    expect(ocrSpans(text, result.pages).map((s) => [text.slice(s.start, s.end), s.confidence])).toEqual([
      ['填报单位：金马镇', 0.8],
      ['填报日期：2024年1月2日', 0.7],
      [han(27, 1), 0.95],
      [han(29, 2), 0.85],
      [han(29, 3), 0.75],
      [han(3, 4), 0.9],
    ]);
  });

  it('tolerates noisy boxes: padded short lines, end punctuation short of the margin, a stray mark outside the text', () => {
    // The detector pads the box of a short last line ("力。") to a title's height and a line ending in "、" stops
    // half a character short of the margin.
    const padded: OcrLine = ['力。', 0.98, LEFT - 2, TOP + 3 * PITCH - 4, LEFT + 51, TOP + 3 * PITCH + 33, 3.5];
    const comma: OcrLine = [`${han(28, 2)}、`, 0.9, LEFT, TOP + PITCH, RIGHT - 18, TOP + PITCH + 24, 0];
    const stray: OcrLine = ['·', 0.5, 1200, TOP + 2 * PITCH + 400, 1210, TOP + 2 * PITCH + 410, 0];
    const lines = [at(han(27, 1), 0, 2), comma, at(han(29, 3), 2), padded, ...paragraphs(5), stray];
    expect(rebuildOcrText([lines]).text.split('\n')[0]).toBe(`${han(27, 1)}${han(28, 2)}、${han(29, 3)}力。`);
  });
});
