import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildPdf, type PdfTextRun } from '../../test-fixtures/build-pdf';
import { AnalyzerError, describeAnalyzerError } from '../errors';
import { extractText } from './extract-text';
import { closePdfWorker, type PdfTextItem } from './pdf-text-worker';
import { rebuildPdfText } from './pdf-to-text';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-fixtures', name));

const failure = async (p: Promise<unknown>): Promise<{ code: string; message: string }> =>
  p.then(
    () => ({ code: 'resolved', message: '' }),
    (e) => (e instanceof AnalyzerError ? e : { code: `non-AnalyzerError: ${String(e)}`, message: '' }),
  );

/** A run of text at (x, y) in a 12 pt font, about one em per character. */
const item = (str: string, x: number, y: number, size = 12): PdfTextItem => [str, x, y, str.length * size, size, false];

afterAll(() => closePdfWorker());

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('PDF text layer', () => {
  it('reads a LibreOffice PDF: lines rebuilt, wrapped lines joined, "共 8 名" → "共8名", pages apart', async () => {
    const { format, text } = await extractText(fixture('report.pdf'), { fileName: 'report.pdf' });
    expect(format).toBe('pdf');
    const lines = text.split('\n');
    expect(lines[0]).toBe('青山镇2023年法治政府建设工作报告');
    // This paragraph spans three visual lines in the PDF.
    expect(lines[1]).toBe(
      '2023年，青山镇坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》各项任务，现将有关情况报告如下。',
    );
    expect(lines).toContain('一、主要工作及成效');
    expect(text).toContain('全镇共8名行政执法人员持证上岗，执法证持证率达100%，严格落实行政执法公示');
    expect(text).toContain('全年召开专题会议4次');
    expect(text).toContain('行政規範性文件2件');
    // The page break before 二、 is a blank line.
    expect(text).toContain('均经合法性审核并报县司法局备案。\n\n二、存在问题');
    // A short last page: its margin is confirmed by the first page's.
    expect(lines[lines.length - 1]).toBe(
      '2024年，全年开展专题培训不少于12次，规范性文件合法性审核率达到100%，持续推进法治政府建设向纵深发展。',
    );
  });

  it('answers SCANNED_PDF for image-only pages', async () => {
    const scanned = await failure(extractText(fixture('scanned.pdf')));
    expect(scanned.code).toBe('SCANNED_PDF');
    expect(scanned.message).toMatch(/OCR/);
    const built = buildPdf([{ image: { width: 40, height: 56 } }, { image: { width: 40, height: 56 } }]);
    expect((await failure(extractText(built))).code).toBe('SCANNED_PDF');
  });

  it('answers PASSWORD_PROTECTED for a PDF with an open password, with a Chinese reason', async () => {
    const e = await extractText(fixture('password.pdf'), { fileName: '加密.pdf' }).catch((x: AnalyzerError) => x);
    expect((e as AnalyzerError).code).toBe('PASSWORD_PROTECTED');
    expect(describeAnalyzerError(e as AnalyzerError, '加密.pdf')).toBe(
      '文件《加密.pdf》被识别为加密的 PDF 文件，设置了打开密码，系统无法读取。请取消密码保护后重新保存，再上传。',
    );
  });

  it('answers CORRUPT_PDF for a truncated file and for garbage behind a PDF header', async () => {
    const pdf = fixture('report.pdf');
    expect((await failure(extractText(pdf.subarray(0, Math.floor(pdf.length * 0.6))))).code).toBe('CORRUPT_PDF');
    const padded = Buffer.concat([pdf, Buffer.alloc(4096, 0)]); // NUL padding after %%EOF is not truncation
    expect((await extractText(padded)).format).toBe('pdf');
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4000), Buffer.from('\n%%EOF\n')]);
    expect((await failure(extractText(garbage))).code).toBe('CORRUPT_PDF');
  });

  it('refuses more pages than allowed, and a PDF that takes longer than the deadline; the reader recovers', async () => {
    const page = (): { runs: PdfTextRun[] } => ({ runs: [{ text: 'Rule of law report '.repeat(4), x: 50, y: 700 }] });
    const threePages = buildPdf([page(), page(), page()]);
    expect((await failure(extractText(threePages, { maxPdfPages: 2 }))).code).toBe('TOO_LARGE');
    expect((await failure(extractText(fixture('report.pdf'), { pdfTimeoutMs: 1 }))).code).toBe('TOO_LARGE');
    const { text } = await extractText(threePages);
    expect(text.split('\n\n')).toHaveLength(3);
    // The caller's bytes survive the hand-over to the worker (small Buffers live in Node's shared pool).
    expect(threePages.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await extractText(threePages)).text).toBe(text);
  });

  it('puts a space where runs on one line are visibly apart (pdf.js emits none)', async () => {
    const pdf = buildPdf([
      {
        runs: [
          { text: 'Administrative', x: 50, y: 700 },
          { text: 'enforcement', x: 200, y: 700 },
          { text: 'staff certified this year in the township', x: 50, y: 680 },
        ],
      },
    ]);
    expect((await extractText(pdf)).text).toBe('Administrative enforcement\nstaff certified this year in the township');
  });
});

describe('rebuildPdfText', () => {
  const layer = (...pages: PdfTextItem[][]) => ({ numPages: pages.length, pages });
  const han = (n: number) => '法'.repeat(n);
  // A page body: left margin 72, 30 characters of 12 pt per full line, so the right margin is at 432.
  const full = (y: number, x = 72) => item(han((432 - x) / 12), x, y);

  it('groups runs into lines by baseline, in content order', () => {
    const text = rebuildPdfText(
      layer([item('共', 72, 700), item(' ', 84, 700), item('8', 90, 700), item('名', 100, 700.4), item('第二行', 72, 680)]),
    );
    expect(text).toBe('共 8名\n第二行');
  });

  it('joins a line that reaches the right margin with its continuation, but not before a heading or an indent', () => {
    const text = rebuildPdfText(
      layer([
        full(700),
        item('建设情况。', 72, 684),
        full(660, 96), // indented first line of a new paragraph
        item(han(3), 72, 644),
        full(628),
        item('二、存在问题', 72, 612), // a heading after a full line
        full(596),
        full(580, 96), // an indented line after a full line: a new paragraph
      ]),
    );
    expect(text.split('\n')).toEqual([
      `${han(30)}建设情况。`,
      `${han(28)}${han(3)}`,
      han(30),
      '二、存在问题',
      han(30),
      han(28),
    ]);
  });

  it('does not join lines on a page whose right edge is not a confirmed margin', () => {
    const text = rebuildPdfText(layer([item(han(20), 72, 700), item(han(5), 72, 684)]));
    expect(text).toBe(`${han(20)}\n${han(5)}`);
  });

  it('drops page numbers and joins a paragraph that runs on across a page break', () => {
    const text = rebuildPdfText(
      layer(
        [full(700), full(684), full(668), item('- 1 -', 280, 40)],
        [item('第 2 页 共 3 页', 260, 780), item('继续。', 72, 700), full(684, 96), full(668), full(652), item('完。', 72, 636)],
        [item('三、下一步计划', 72, 700), item('3', 300, 40)],
      ),
    );
    expect(text).toBe(`${han(90)}继续。\n${han(28 + 30 + 30)}完。\n\n三、下一步计划`);
  });
});
