// OCR of scans and photos (PaddleOCR models through ONNX Runtime, in a sandboxed child). Slow next to the other
// extraction specs (seconds per page), so each fixture is read once and asserted on at length.
import { readFileSync } from 'fs';
import { join } from 'path';
import { analyzeFile } from '../index';
import { AnalyzerError, describeAnalyzerError } from '../errors';
import { closePdfWorker } from './pdf-text-worker';
import { closeOcrWorker } from './ocr';
import { extractText } from './extract-text';

jest.setTimeout(240_000);
afterAll(() => Promise.all([closeOcrWorker(), closePdfWorker()]));

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-fixtures', name));
const failure = (p: Promise<unknown>): Promise<AnalyzerError> =>
  p.then(
    () => {
      throw new Error('resolved');
    },
    (e) => e as AnalyzerError,
  );
const TITLE = '金马镇2023年法治政府建设工作报告';

describe('OCR', () => {
  it('is off by default: an image is refused as a picture and a scanned PDF as a scan, in Chinese', async () => {
    const image = await failure(extractText(fixture('ocr-scan.jpg'), { fileName: '扫描.jpg' }));
    expect(image.code).toBe('UNSUPPORTED_FORMAT');
    expect(describeAnalyzerError(image, '扫描.jpg')).toContain('被识别为JPEG 图片（扫描件或照片）');
    expect((await failure(extractText(fixture('ocr-scanned.pdf')))).code).toBe('SCANNED_PDF');
  });

  it('reads a scanned page: the township is found, quotes are exact slices of the OCR text, marked ocr with a confidence', async () => {
    const a = await analyzeFile(fixture('ocr-scan.jpg'), '扫描件.jpg', undefined, { ocr: true });
    expect(a.source.format).toBe('image');
    expect(a.source.ocr).toEqual({ pages: 1, meanConfidence: expect.any(Number) });
    expect(a.source.ocr!.meanConfidence).toBeGreaterThan(0.9);
    expect(a.text.split('\n')[0]).toBe(TITLE);
    expect(a.text).toContain('乡村振兴等工作中');
    expect(a.township.name).toBe('金马镇');
    const evidence = a.obligations.flatMap((o) => o.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      expect(a.text.slice(e.start, e.end)).toBe(e.quote);
      expect(e.source).toBe('ocr');
      expect(e.ocrConfidence).toBeGreaterThan(0);
      expect(e.ocrConfidence).toBeLessThanOrEqual(1);
    }
  });

  it('reads a photo taken at a slant with low contrast', async () => {
    const { format, text } = await extractText(fixture('ocr-photo.jpg'), { ocr: true });
    expect(format).toBe('image');
    expect(text.split('\n')[0]).toBe(TITLE);
    expect(text).toContain('坚持以习近平新时代中国特色社会主义思想为指导');
  });

  it('reads a scanned PDF page by page, reporting progress, and refuses more pages than the limit', async () => {
    const pages: [number, number][] = [];
    const a = await analyzeFile(fixture('ocr-scanned.pdf'), '扫描件.pdf', undefined, {
      ocr: true,
      onOcrPage: (page, total) => pages.push([page, total]),
    });
    expect(pages).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(a.source).toMatchObject({ format: 'pdf', ocr: { pages: 2 } });
    expect(a.township.name).toBe('金马镇');
    expect(a.text).toContain('法律顾问');
    for (const e of a.obligations.flatMap((o) => o.evidence)) expect(a.text.slice(e.start, e.end)).toBe(e.quote);

    const tooMany = await failure(extractText(fixture('ocr-scanned.pdf'), { ocr: true, maxOcrPages: 1, fileName: '扫描件.pdf' }));
    expect(tooMany.code).toBe('TOO_LARGE');
    expect(describeAnalyzerError(tooMany, '扫描件.pdf')).toContain('被识别为2 页的扫描件');
  });

  it('answers NO_CONTENT for a picture without text and CORRUPT_IMAGE for a broken one', async () => {
    const blank = await failure(extractText(fixture('ocr-blank.png'), { ocr: true }));
    expect(blank.code).toBe('NO_CONTENT');
    expect(describeAnalyzerError(blank)).toContain('图片上没有可识别的文字');
    const jpeg = fixture('ocr-scan.jpg');
    const broken = await failure(extractText(jpeg.subarray(0, Math.floor(jpeg.length / 3)), { ocr: true }));
    expect(broken.code).toBe('CORRUPT_IMAGE');
    expect(describeAnalyzerError(broken)).toContain('请重新扫描或拍照');
  });
});
