import { readFileSync } from 'fs';
import { join } from 'path';
import { crc32, deflateRawSync } from 'zlib';
import { buildOfd, layoutReport } from '../../test-fixtures/build-ofd';
import { AnalyzerError, describeAnalyzerError } from '../errors';
import { extractText } from './extract-text';

// A guard that failed would inflate or parse for minutes: the test's 30 s limit catches that, on a loaded machine
// too (speed itself is measured by the benchmarks, not asserted here).
jest.setTimeout(30_000);

const reportOfd = readFileSync(join(__dirname, '../../test-fixtures/report.ofd'));

const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AnalyzerError ? e.code : `non-AnalyzerError: ${String(e)}`),
  );

const TITLE = '青山镇2023年法治政府建设工作报告';
const LONG =
  '（一）加强组织领导。成立以党委书记和镇长为组长的法治政府建设工作领导小组，全年召开专题会议4次，研究解决法治政府建设中的重点难点问题，党政主要负责人切实履行推进法治建设第一责任人职责。';

describe('.ofd (GB/T 33190)', () => {
  it('reads the committed report.ofd: title first, wrapped paragraphs joined, page numbers and the seal left out', async () => {
    const { format, text } = await extractText(reportOfd, { fileName: 'report.ofd' });
    expect(format).toBe('ofd');
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toBe(TITLE);
    expect(lines).toContain(LONG);
    expect(lines).toContain('二、存在问题');
    expect(text).toContain('全镇共8名行政执法人员持证上岗，执法证持证率达100%');
    expect(text).not.toContain('青山镇人民政府'); // the electronic seal's stamp annotation
    expect(text).not.toMatch(/- \d+ -/);
  });

  it('puts several text codes of one line in x order, whatever their order in the file', async () => {
    const size = 5;
    const ofd = buildOfd({
      pages: [
        [
          { boundary: [80, 30, 40, 7], size, codes: [{ x: 0, y: 5, text: '执法人员持证上岗' }] },
          { boundary: [20, 30, 30, 7], size, codes: [{ x: 0, y: 5, text: '全镇共' }, { x: 15, y: 5, text: '8名' }] },
          { boundary: [55, 30.4, 25, 7], size, codes: [{ x: 0, y: 5, text: '行政' }] }, // baseline a hair lower
          { boundary: [20, 45, 60, 7], size, codes: [{ x: 0, y: 5, text: '第二行在下面。' }] },
          { boundary: [20, 10, 60, 7], size, codes: [{ x: 0, y: 5, text: '第一行在最上面' }] },
        ],
      ],
    });
    const { text } = await extractText(ofd);
    expect(text.split('\n')).toEqual(['第一行在最上面', '全镇共8名行政执法人员持证上岗', '第二行在下面。']);
  });

  it('reads pages in document order and joins a paragraph that runs on across a page break', async () => {
    const paragraphs = [TITLE, LONG, '二、存在问题', '法治宣传形式较为单一，基层法治力量仍然薄弱，部分执法人员法律素养有待提高。'];
    // 4 lines per page: the long paragraph (6 lines) starts on page 1 and ends on page 2.
    const ofd = buildOfd({ pages: layoutReport(paragraphs, { linesPerPage: 4 }), absoluteLocs: true });
    const { text } = await extractText(ofd);
    expect(text.split('\n').filter(Boolean)).toEqual(paragraphs);
  });

  it('never reads the text of a seal annotation layer', async () => {
    const ofd = buildOfd({ pages: layoutReport([TITLE, '正文一段。']), sealText: '青山镇人民政府（公章）' });
    const { text } = await extractText(ofd);
    expect(text).toBe(`${TITLE}\n正文一段。`);
  });

  it('answers NO_CONTENT for pages without text (a scanned OFD) and CORRUPT_OFD for a missing page or broken XML', async () => {
    expect(await codeOf(extractText(buildOfd({ pages: [[]] })))).toBe('NO_CONTENT');
    const missing = buildOfd({
      pages: layoutReport([TITLE]),
      override: (entries) => entries.filter((e) => !e.name.endsWith('Content.xml')),
    });
    expect(await codeOf(extractText(missing))).toBe('CORRUPT_OFD');
    const broken = buildOfd({
      pages: layoutReport([TITLE]),
      override: (entries) => entries.map((e) => (e.name.endsWith('Content.xml') ? { ...e, data: '<ofd:Page><ofd:Content>' } : e)),
    });
    const e = await extractText(broken, { fileName: '报告.ofd' }).catch((x: AnalyzerError) => x);
    expect((e as AnalyzerError).code).toBe('CORRUPT_OFD');
    expect(describeAnalyzerError(e as AnalyzerError, '报告.ofd')).toMatch(/^文件《报告\.ofd》被识别为OFD 版式文档，.*请重新导出 OFD，或导出为 PDF 后上传。$/);
  });

  it('has the zip-bomb guards of a .docx: a page inflating past the XML cap, and a header that understates it', async () => {
    const total = 50 * 1024 * 1024;
    const xml = Buffer.alloc(total, ' ');
    Buffer.from('<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">').copy(xml, 0);
    Buffer.from('</ofd:Page>').copy(xml, total - 11);
    const deflated = deflateRawSync(xml, { level: 1 });
    const bomb = (declaredSize?: number) =>
      buildOfd({
        pages: layoutReport([TITLE]),
        override: (entries) =>
          entries.map((e) =>
            e.name.endsWith('Content.xml')
              ? { name: e.name, data: deflated, predeflated: { size: total, crc: crc32(xml) }, declaredSize }
              : e,
          ),
      });
    expect(await codeOf(extractText(bomb()))).toBe('TOO_LARGE');
    expect(await codeOf(extractText(bomb(4096)))).toBe('CORRUPT_OFD');
    expect(await codeOf(extractText(bomb(), { maxXmlBytes: 10 * 1024 * 1024, maxDecompressedBytes: 1e9 }))).toBe('TOO_LARGE');
  });

  it('refuses more pages than the page limit', async () => {
    const ofd = buildOfd({ pages: layoutReport([TITLE, LONG, LONG, LONG], { linesPerPage: 2 }) });
    expect(await codeOf(extractText(ofd, { maxPdfPages: 3 }))).toBe('TOO_LARGE');
  });
});
