import { readFileSync } from 'fs';
import { join } from 'path';
import { crc32, deflateRawSync } from 'zlib';
import { buildDocx, buildZip, docxParts } from '../../test-fixtures/build-zip';
import { AnalyzerError } from '../errors';
import { extractText } from './extract-text';

const reportDocx = readFileSync(join(__dirname, '../../test-fixtures/report.docx'));

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AnalyzerError ? e.code : `non-AnalyzerError: ${String(e)}`),
  );

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('.docx', () => {
  it('reads a Word document made by LibreOffice: paragraphs as lines, title first', async () => {
    const { format, text, sha256 } = await extractText(reportDocx, { fileName: 'report.docx' });
    expect(format).toBe('docx');
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toBe('青山镇2023年法治政府建设工作报告');
    expect(lines).toContain('一、主要工作及成效');
    expect(lines).toContain('二、存在问题');
    expect(text).toContain('全镇共8名行政执法人员持证上岗，执法证持证率达100%');
    expect(text).toContain('全年制发行政規範性文件2件'); // traditional characters are kept verbatim
  });

  it('keeps a table row on one line', async () => {
    const docx = buildDocx(['青山镇法治政府建设情况'], [
      ['指标', '数量'],
      ['行政执法人员', '8 名'],
    ]);
    const { text } = await extractText(docx);
    expect(text.split('\n').filter(Boolean)).toEqual(['青山镇法治政府建设情况', '指标数量', '行政执法人员8名']);
  });

  it('answers CORRUPT_DOCX for a truncated file, a zip without word/document.xml, and broken XML', async () => {
    expect(await codeOf(extractText(reportDocx.subarray(0, Math.floor(reportDocx.length * 0.6))))).toBe('CORRUPT_DOCX');
    const noMain = buildZip([...docxParts(['x']).filter((e) => e.name !== 'word/document.xml'), { name: 'word/styles.xml', data: '<w:styles/>' }]);
    expect(await codeOf(extractText(noMain))).toBe('CORRUPT_DOCX');
    const brokenXml = buildZip(
      docxParts(['x']).map((e) => (e.name === 'word/document.xml' ? { ...e, data: '<w:document><w:body><w:p>' } : e)),
    );
    expect(await codeOf(extractText(brokenXml))).toBe('CORRUPT_DOCX');
  });

  it('answers NO_CONTENT for a document without text', async () => {
    expect(await codeOf(extractText(buildDocx([])))).toBe('NO_CONTENT');
  });

  it('refuses a zip bomb by its declared sizes before inflating anything', async () => {
    // 200 MB of zeros, really compressed (deflate level 1 keeps the test fast): ~1 MB on disk.
    const zeros = Buffer.alloc(200 * 1024 * 1024);
    const media = { size: zeros.length, crc: crc32(zeros) };
    const zip = buildZip([
      ...docxParts(['正文']),
      { name: 'word/media/image1.png', data: deflateRawSync(zeros, { level: 1 }), predeflated: media },
    ]);
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    const start = Date.now();
    expect(await codeOf(extractText(zip))).toBe('TOO_LARGE');
    expect(Date.now() - start).toBeLessThan(3000); // ~50 ms: nothing is inflated
  });

  it('refuses a part that really inflates past the cap, and a part whose header understates its size', async () => {
    const big = `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${'法'.repeat(
      2_000_000,
    )}</w:t></w:r></w:p></w:body></w:document>`;
    const honest = buildZip(docxParts(['x']).map((e) => (e.name === 'word/document.xml' ? { ...e, data: big } : e)));
    expect(await codeOf(extractText(honest, { maxDecompressedBytes: 1024 * 1024 }))).toBe('TOO_LARGE');
    const lying = buildZip(
      docxParts(['x']).map((e) => (e.name === 'word/document.xml' ? { ...e, data: big, declaredSize: 1000 } : e)),
    );
    expect(await codeOf(extractText(lying))).toBe('CORRUPT_DOCX');
  });
});
