// OCR of scans and photos (PaddleOCR models through ONNX Runtime, in a sandboxed child). Slow next to the other
// extraction specs (seconds per page), so each fixture is read once and asserted on at length.
import { readFileSync } from 'fs';
import { join } from 'path';
import sharp from 'sharp';
import { analyzeFile, analyzeText } from '../index';
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
const SENTENCE = '坚持以习近平新时代中国特色社会主义思想为指导';

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
    // A fixed scan read by a fixed engine: the same text, so the same one quote (普法 activities) every run.
    expect(a.obligations.filter((o) => o.evidence.length).map((o) => [o.id, o.evidence.length])).toEqual([['pufa_activities', 1]]);
    const evidence = a.obligations.flatMap((o) => o.evidence);
    for (const e of evidence) {
      expect(a.text.slice(e.start, e.end)).toBe(e.quote);
      expect(e.source).toBe('ocr');
      // The model's float confidence may round differently on another CPU's instruction set: a bound, not a value.
      expect(e.ocrConfidence).toBeGreaterThan(0.9);
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

  it('reads only the scanned pages of a PDF with a partial text layer, in page order, and marks only their quotes', async () => {
    const pages: [number, number][] = [];
    const a = await analyzeFile(fixture('mixed-text-scan.pdf'), '年度报告.pdf', undefined, { ocr: true, onOcrPage: (p, n) => pages.push([p, n]) });
    // Pages 3 and 6 of 6 are images: two pages of OCR, the other four from the text layer.
    expect(pages).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(a.source).toMatchObject({ format: 'pdf', ocr: { pages: 2 } });
    expect(a.text.split('\n')[0]).toBe(TITLE);
    const order = ['强化法治政府建设领导', '2023年我镇无规范性文件', '二、存在问题', '进一步加大法治宣传力度'].map((p) => a.text.indexOf(p));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    // Every obligation the seed's own text evidences is evidenced here too.
    const seed = analyzeText(readFileSync(join(__dirname, '../../../../seeds/reports/000_cd09f5d6f779e604.txt'), 'utf8'), { file: 'seed.txt', format: 'txt', sha256: '' });
    const evidenced = (x: typeof a) => x.obligations.filter((o) => o.evidence.length > 0).map((o) => o.id);
    expect(evidenced(a)).toEqual(evidenced(seed));
    const evidence = a.obligations.flatMap((o) => o.evidence.map((e) => ({ ...e, obligation: o.id })));
    for (const e of evidence) expect(a.text.slice(e.start, e.end)).toBe(e.quote);
    // Page 1 (text layer): the leading group; page 3 (scan): the normative-documents clean-up.
    const leading = evidence.filter((e) => e.obligation === 'leadership_group');
    expect(leading).toHaveLength(3);
    expect(leading.every((e) => e.source === undefined && e.ocrConfidence === undefined)).toBe(true);
    const normdoc = evidence.filter((e) => e.obligation === 'normdoc_cleanup');
    expect(normdoc).toHaveLength(1);
    for (const e of normdoc) {
      expect(e.source).toBe('ocr');
      expect(e.ocrConfidence).toBeGreaterThan(0.5);
      expect(e.ocrConfidence).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a PDF with scanned pages when OCR is off, naming the pages (the worker hands it to OCR)', async () => {
    const e = await failure(extractText(fixture('mixed-text-scan.pdf'), { fileName: '年度报告.pdf' }));
    expect(e.code).toBe('SCANNED_PDF');
    expect(describeAnalyzerError(e, '年度报告.pdf')).toBe(
      '文件《年度报告.pdf》被识别为部分页面（第 3、6 页）是扫描件的 PDF，系统无法从图片中读取文字。请上传可复制文字的 PDF，或 Word/WPS 原文件。',
    );
  });

  it('reads an iPhone HEIC photo; a damaged one fails as a HEIC photo, asking for JPG or PNG; without OCR it is refused', async () => {
    const { format, text } = await extractText(fixture('ocr-scan.heic'), { ocr: true });
    expect(format).toBe('image');
    expect(text.split('\n')[0]).toBe(TITLE);
    expect(text).toContain(SENTENCE);
    const heic = fixture('ocr-scan.heic');
    const broken = await failure(extractText(heic.subarray(0, Math.floor(heic.length / 2)), { ocr: true, fileName: 'IMG_0001.HEIC' }));
    expect(broken.code).toBe('CORRUPT_IMAGE');
    expect(describeAnalyzerError(broken, 'IMG_0001.HEIC')).toBe(
      '文件《IMG_0001.HEIC》被识别为HEIC 照片（苹果手机默认格式），图片已损坏或格式无法解码。请重新扫描或拍照，保存为 JPG 或 PNG 后上传。',
    );
    const off = await failure(extractText(heic, { fileName: 'IMG_0001.HEIC' }));
    expect([off.code, off.takenAs]).toEqual(['UNSUPPORTED_FORMAT', 'HEIC 照片（苹果手机默认格式）']);
  });

  it('straightens phone photos: EXIF orientation, a page turned a quarter without EXIF, a page slanted 6°', async () => {
    const slanted = await sharp(fixture('ocr-scan.jpg')).rotate(6, { background: '#d8d4cc' }).linear(0.7, 40).jpeg({ quality: 70 }).toBuffer();
    for (const bytes of [fixture('ocr-photo-exif-rotated.jpg'), fixture('ocr-scan-sideways.jpg'), slanted]) {
      const { text } = await extractText(bytes, { ocr: true });
      expect(text.split('\n')[0]).toBe(TITLE);
      expect(text).toContain(SENTENCE);
    }
  });
});
