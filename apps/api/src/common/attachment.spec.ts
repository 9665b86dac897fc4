import { parse } from 'content-disposition';
import { safeFileName, setAttachmentHeaders } from './attachment';

describe('safeFileName', () => {
  it.each([
    ['报告\u202Efdp.exe', '报告fdp.exe'],
    ['..\\..\\etc/passwd', 'etcpasswd'],
    ['a\u0000b\u0007c\r\n.txt', 'abc.txt'],
    ['\u200B\u2066隐藏\u2069.docx', '隐藏.docx'],
    ['C:\\Users\\x\\金马镇年度报告.docx', 'CUsersx金马镇年度报告.docx'],
    ['   ', '下载文件'],
    ['.htaccess', 'htaccess'],
  ])('%j → %j', (input, expected) => expect(safeFileName(input)).toBe(expected));

  it('keeps at most 150 characters and the extension', () => {
    const name = safeFileName(`${'长'.repeat(400)}.docx`);
    expect([...name]).toHaveLength(150);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('setAttachmentHeaders', () => {
  it('always sends an attachment with an RFC 6266 filename* and nosniff', () => {
    const headers: Record<string, string> = {};
    setAttachmentHeaders({ setHeader: (k: string, v: string) => (headers[k] = v) } as any, '金马镇\u202E报告.html', 'application/octet-stream');
    expect(headers['Content-Type']).toBe('application/octet-stream');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    const cd = parse(headers['Content-Disposition']);
    expect(cd.type).toBe('attachment');
    expect(headers['Content-Disposition']).toContain("filename*=UTF-8''");
    expect(cd.parameters.filename).toBe('金马镇报告.html');
    expect(headers['Content-Disposition']).toContain('filename=download.html;');
  });
});
