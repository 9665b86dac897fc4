import { readFileSync } from 'fs';
import { join } from 'path';
import { crc32, deflateRawSync } from 'zlib';
import { buildDocx, buildZip, docxParts } from '../../test-fixtures/build-zip';
import { AnalyzerError } from '../errors';
import { describeAnalyzerError } from '../errors';
import { closeDocumentWorker } from './document-worker';
import { extractText } from './extract-text';

const reportDocx = readFileSync(join(__dirname, '../../test-fixtures/report.docx'));

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AnalyzerError ? e.code : `non-AnalyzerError: ${String(e)}`),
  );

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);
afterAll(() => closeDocumentWorker());

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

  it('keeps a table row on one line, its cells apart by a tab', async () => {
    const docx = buildDocx(['青山镇法治政府建设情况'], [
      ['指标', '数量'],
      ['行政执法人员', '8 名'],
    ]);
    const { text } = await extractText(docx);
    expect(text.split('\n').filter(Boolean)).toEqual(['青山镇法治政府建设情况', '指标\t数量', '行政执法人员\t8名']);
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
    expect(await codeOf(extractText(zip))).toBe('TOO_LARGE');
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

describe('.docx: hostile files end in a typed error and the process keeps serving', () => {
  // The attack from the security review: 339 KB on disk, word/document.xml inflating to 95 MB, far under any ratio
  // guard (one 79-byte paragraph repeated: ~290:1). Before the XML cap it drove a worker to 3.7 GB.
  const TOTAL = 95 * 1024 * 1024;
  const paragraph = Buffer.from('<w:p><w:r><w:t>全镇共8名行政执法人员持证上岗。</w:t></w:r></w:p>');
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
  );
  const tail = Buffer.from('</w:body></w:document>');
  const xml = Buffer.alloc(TOTAL);
  head.copy(xml, 0);
  for (let o = head.length; o < TOTAL - tail.length; o += paragraph.length) {
    paragraph.copy(xml, o, 0, Math.min(paragraph.length, TOTAL - tail.length - o));
  }
  tail.copy(xml, TOTAL - tail.length);
  const deflated = deflateRawSync(xml, { level: 6 });
  const bomb = (declaredSize?: number) =>
    buildZip(
      docxParts(['x']).map((e) =>
        e.name === 'word/document.xml'
          ? { name: e.name, data: deflated, predeflated: { size: TOTAL, crc: crc32(xml) }, declaredSize }
          : e,
      ),
    );

  it('refuses the 339 KB document whose XML inflates to 95 MB, fast, with a Chinese reason', async () => {
    const docx = bomb();
    expect(docx.length).toBeLessThan(400 * 1024);
    const error = await extractText(docx, { fileName: '报告.docx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyzerError);
    expect((error as AnalyzerError).code).toBe('TOO_LARGE');
    expect(describeAnalyzerError(error as AnalyzerError, '报告.docx')).toMatch(/^文件《报告\.docx》.*内容过大.*请/);
  });

  it('stops inflating a part whose header understates its size at the declared size', async () => {
    expect(await codeOf(extractText(bomb(1024 * 1024)))).toBe('CORRUPT_DOCX');
  });

  it('keeps a parser that runs out of memory in its child process: TOO_LARGE, and the next document is read', async () => {
    // Caps set far too high on purpose, so the parser itself meets the 95 MB part inside its 64 MB heap.
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await extractText(bomb(), { maxXmlBytes: 200 * 1024 * 1024, parserHeapMb: 64 }).catch((e: unknown) => e);
    expect((error as AnalyzerError).code).toBe('TOO_LARGE');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    const { text } = await extractText(reportDocx, { fileName: 'report.docx' });
    expect(text).toContain('青山镇2023年法治政府建设工作报告');
  });

  it('ends a parse that runs past its deadline, and the next document is read', async () => {
    expect(await codeOf(extractText(reportDocx, { parseTimeoutMs: 1 }))).toBe('TOO_LARGE');
    const { text } = await extractText(reportDocx, { fileName: 'report.docx' });
    expect(text).toContain('一、主要工作及成效');
  });
});
