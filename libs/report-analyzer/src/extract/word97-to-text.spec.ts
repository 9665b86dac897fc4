import { readFileSync } from 'fs';
import { join } from 'path';
import { AnalyzerError, describeAnalyzerError } from '../errors';
import { closeDocumentWorker } from './document-worker';
import { extractText } from './extract-text';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-fixtures', name));

jest.setTimeout(30_000);
afterAll(() => closeDocumentWorker());

const failure = async (p: Promise<unknown>): Promise<AnalyzerError> =>
  p.then(
    () => {
      throw new Error('resolved');
    },
    (e) => e as AnalyzerError,
  );

describe('Word 97 (.doc) and WPS (.wps)', () => {
  it.each([
    ['report.doc', 'doc'],
    ['report.wps', 'wps'],
  ])('reads %s written by LibreOffice: paragraphs as lines, spaces in Chinese normalised', async (name, format) => {
    const result = await extractText(fixture(name), { fileName: name });
    expect(result.format).toBe(format);
    const lines = result.text.split('\n').filter(Boolean);
    expect(lines[0]).toBe('青山镇2023年法治政府建设工作报告');
    expect(lines).toContain('一、主要工作及成效');
    expect(lines).toContain('二、存在问题');
    expect(result.text).toContain('全镇共8名行政执法人员持证上岗，执法证持证率达100%');
    expect(result.text).toContain('全年制发行政規範性文件2件');
  });

  it('reads the same text from the .doc and the .docx of one report', async () => {
    const doc = await extractText(fixture('report.doc'), { fileName: 'report.doc' });
    const docx = await extractText(fixture('report.docx'), { fileName: 'report.docx' });
    // report.docx was saved once through Word's autocorrect (2021—2025); the .doc keeps the source's hyphen.
    const words = (t: string) => t.replace(/\s+/g, '').replace(/—/g, '-');
    expect(words(doc.text)).toBe(words(docx.text));
  });

  it('refuses a renamed .xls with a Chinese reason naming what it is and what to send', async () => {
    const e = await failure(extractText(fixture('sheet.xls'), { fileName: '年度报告.doc' }));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(describeAnalyzerError(e, '年度报告.doc')).toBe(
      '文件《年度报告.doc》被识别为旧版 Excel 表格（.xls），系统不能从这种文件中读取文字。' +
        '请另存为Word（.docx/.doc）、WPS 文字（.wps）、OFD 版式文档、PDF（扫描件也可）、JPG/PNG/TIFF/WebP/HEIC 图片（扫描件或照片）、网页（.html）或纯文本（.txt）后上传。',
    );
  });

  it('answers CORRUPT_DOC for a truncated .doc', async () => {
    const doc = fixture('report.doc');
    const e = await failure(extractText(doc.subarray(0, 3000), { fileName: 'report.doc' }));
    expect(e.code).toBe('CORRUPT_DOC');
    expect(describeAnalyzerError(e)).toContain('旧版 Word/WPS 文档');
  });
});
