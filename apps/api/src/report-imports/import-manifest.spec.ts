import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { parseDelimited, parseManifestDate, parseManifestYear, readManifest } from './import-manifest';

const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e) => e.code as string);

describe('import manifest', () => {
  it('reads dates as people write them, and only real dates', () => {
    expect(['2024-03-28', '2024/3/28', '2024.3.8', '2024年3月28日', ' 2024-1-2 '].map(parseManifestDate)).toEqual(['2024-03-28', '2024-03-28', '2024-03-08', '2024-03-28', '2024-01-02']);
    expect(['2024-13-01', '2023-02-29', '28/03/2024', '2024-03', ''].map(parseManifestDate)).toEqual([null, null, null, null, null]);
    expect(['2023', '2023年', '2023年度', '23', '二〇二三'].map(parseManifestYear)).toEqual([2023, 2023, 2023, null, null]);
  });

  it('parses quoted CSV fields with separators, quotes and line breaks', () => {
    expect(parseDelimited('a,"b,c","d ""e""",\r\n"f\ng",h', ',')).toEqual([['a', 'b,c', 'd "e"', ''], ['f\ng', 'h']]);
  });

  it('reads a GBK CSV made by Excel on Chinese Windows, finding the header below a title line', async () => {
    const csv = '历史报告导入清单,,,,\r\n乡镇,年度,文件名,报送日期,公开日期\r\n金马镇,2023,金马镇报告.txt,2024/1/2,\r\n,,,,\r\n黄柏乡,2023年度,黄柏乡报告.docx,2024-04-10,2024-04-12\r\n';
    const rows = await readManifest('清单.csv', iconv.encode(csv, 'gbk'));
    expect(rows).toEqual([
      { line: 3, township: '金马镇', year: '2023', fileName: '金马镇报告.txt', submittedAt: '2024/1/2', publishedAt: '', publishedUrl: '' },
      { line: 5, township: '黄柏乡', year: '2023年度', fileName: '黄柏乡报告.docx', submittedAt: '2024-04-10', publishedAt: '2024-04-12', publishedUrl: '' },
    ]);
  });

  it('reads an xlsx with Excel date cells and a tab-separated text', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('清单');
    sheet.addRow(['乡镇', '年度', '文件名', '报送日期', '公开日期', '公开网址']);
    sheet.addRow(['金马镇', 2023, '金马镇报告.txt', new Date(Date.UTC(2024, 0, 2)), '2024-01-05', 'https://example.gov.cn/a']);
    const rows = await readManifest('清单.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(rows).toEqual([{ line: 2, township: '金马镇', year: '2023', fileName: '金马镇报告.txt', submittedAt: '2024-01-02', publishedAt: '2024-01-05', publishedUrl: 'https://example.gov.cn/a' }]);
    const tsv = await readManifest('清单.tsv', Buffer.from('乡镇\t年度\t文件名\t报送日期\n金马镇\t2023\ta,b.txt\t2024-01-02\n', 'utf8'));
    expect(tsv[0]).toMatchObject({ fileName: 'a,b.txt', submittedAt: '2024-01-02' });
  });

  it('names missing columns, an empty sheet and an unreadable workbook', async () => {
    expect(await codeOf(readManifest('清单.csv', Buffer.from('乡镇,文件名\n金马镇,a.txt\n')))).toBe('IMPORT_MANIFEST_COLUMNS');
    expect(await codeOf(readManifest('清单.csv', Buffer.from('乡镇,年度,文件名,报送日期\n')))).toBe('IMPORT_MANIFEST_EMPTY');
    expect(await codeOf(readManifest('清单.xlsx', Buffer.from('not a workbook')))).toBe('IMPORT_MANIFEST_UNREADABLE');
  });
});
