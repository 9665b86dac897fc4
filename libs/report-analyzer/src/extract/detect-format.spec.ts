import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { buildDocx, buildZip } from '../../test-fixtures/build-zip';
import { AnalyzerError, describeAnalyzerError } from '../errors';
import { readCompoundFile } from './compound-file';
import { detectFormat } from './detect-format';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test-fixtures', name));

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AnalyzerError);
    return (e as AnalyzerError).code;
  }
  return 'no error';
};

describe('detectFormat', () => {
  it('recognises PDF by its header, also behind a little leading junk', () => {
    expect(detectFormat(fixture('report.pdf'))).toBe('pdf');
    expect(detectFormat(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.7\n')]))).toBe('pdf');
  });

  it('recognises a HEIC photo by its ftyp brand, whatever it is called: an image for OCR, else refused as a HEIC photo', () => {
    const heic = fixture('ocr-scan.heic');
    expect(detectFormat(heic, 'IMG_0001.jpg', { ocr: true })).toBe('image');
    const brand = (b: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${b}\0\0\0\0mif1`, 'latin1'), Buffer.alloc(64)]);
    for (const b of ['heic', 'heix', 'mif1', 'msf1']) expect(detectFormat(brand(b), undefined, { ocr: true })).toBe('image');
    // An MP4 video has an ftyp box too, with another brand.
    expect(codeOf(() => detectFormat(brand('isom'), 'video.heic', { ocr: true }))).toBe('UNDECODABLE_TEXT');
    try {
      detectFormat(heic, 'IMG_0001.HEIC');
      throw new Error('accepted');
    } catch (e) {
      expect((e as AnalyzerError).code).toBe('UNSUPPORTED_FORMAT');
      expect(describeAnalyzerError(e as AnalyzerError, 'IMG_0001.HEIC')).toContain('被识别为HEIC 照片（苹果手机默认格式）');
    }
  });

  it('recognises a .docx by the word/ parts in its zip directory, whatever the file is called', () => {
    expect(detectFormat(fixture('report.docx'), 'report.doc')).toBe('docx');
    expect(detectFormat(buildDocx(['法治政府建设']))).toBe('docx');
  });

  it('still calls a truncated .docx a docx (extraction then reports it corrupt)', () => {
    const docx = fixture('report.docx');
    expect(detectFormat(docx.subarray(0, Math.floor(docx.length / 2)))).toBe('docx');
  });

  it('reads Word 97 and WPS files by content (OLE2 with a WordDocument stream), whatever their name', () => {
    expect(detectFormat(fixture('report.doc'), 'report.doc')).toBe('doc');
    expect(detectFormat(fixture('report.doc'), 'upload.bin')).toBe('doc');
    expect(detectFormat(fixture('report.wps'), 'report.wps')).toBe('wps');
    expect(detectFormat(fixture('report.wps'), 'report.doc')).toBe('doc');
  });

  it('calls a zip with OFD.xml an OFD document', () => {
    expect(detectFormat(buildZip([{ name: 'OFD.xml', data: '<ofd:OFD/>' }]))).toBe('ofd');
  });

  it('refuses other zips and other OLE2 files, saying in Chinese what they were taken to be', () => {
    const refusal = (bytes: Uint8Array, name?: string) => {
      try {
        detectFormat(bytes, name);
      } catch (e) {
        return { code: (e as AnalyzerError).code, zh: describeAnalyzerError(e as AnalyzerError, name) };
      }
      throw new Error('no error');
    };
    const xlsx = refusal(buildZip([{ name: 'xl/workbook.xml', data: '<x/>' }]), 'report.docx');
    expect(xlsx.code).toBe('UNSUPPORTED_FORMAT');
    expect(xlsx.zh).toContain('Excel 表格（.xlsx）');
    // A .doc that is really a renamed .xls: a clear refusal, not a parser crash.
    const xls = refusal(fixture('sheet.xls'), 'report.doc');
    expect(xls).toEqual({ code: 'UNSUPPORTED_FORMAT', zh: expect.stringContaining('旧版 Excel 表格（.xls）') });
    expect(xls.zh).toMatch(/^文件《report\.doc》被识别为旧版 Excel 表格（\.xls），.*请另存为.*\.docx.*后上传。$/);
    const junkOle = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(1024)]);
    expect(refusal(junkOle, 'report.doc').code).toBe('CORRUPT_DOC');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
    expect(refusal(png).zh).toContain('PNG 图片');
  });

  it('answers PASSWORD_PROTECTED for an encrypted Word 97 document', () => {
    const doc = Buffer.from(fixture('report.doc'));
    const cfb = readCompoundFile(doc)!;
    const word = cfb.entries.find((e) => e.name === 'WordDocument')!;
    const fibOffset = (word.startSector + 1) * 512;
    doc[fibOffset + 0x0b] |= 0x01; // FIB fEncrypted
    expect(codeOf(() => detectFormat(doc, 'report.doc'))).toBe('PASSWORD_PROTECTED');
  });

  it.each([
    ['<!DOCTYPE html><html><body>正文</body></html>'],
    ['\uFEFF\n\n  <html lang="zh-CN"><head><title>报告</title></head></html>'],
    ['<!-- saved from url=(0045)http://www.example.gov.cn/ -->\n<html>'],
    ['<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">'],
    ['<div class="content"><p>正文</p></div>'],
    ['<p>2023年，青山镇坚持……</p>'],
    ['<META http-equiv="Content-Type" content="text/html; charset=gb2312">'],
  ])('sniffs HTML from the start of the content: %j', (start) => {
    expect(detectFormat(Buffer.from(start, 'utf8'), 'report.txt')).toBe('html');
  });

  it('sniffs HTML in UTF-16 too', () => {
    const page = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<html><body>正文</body></html>', 'utf16le')]);
    expect(detectFormat(page)).toBe('html');
  });

  it('calls text text, including text that merely starts with angle brackets', () => {
    expect(detectFormat(Buffer.from('青山镇2023年法治政府建设工作报告\n正文', 'utf8'), 'report.html')).toBe('txt');
    expect(detectFormat(Buffer.from('<法治政府建设实施纲要>学习情况', 'utf8'))).toBe('txt');
    expect(detectFormat(Buffer.from('<paragraph> is not a tag we know', 'utf8'))).toBe('txt');
  });

  it('answers EMPTY_FILE for zero bytes and UNDECODABLE_TEXT for binary junk', () => {
    expect(codeOf(() => detectFormat(new Uint8Array(0)))).toBe('EMPTY_FILE');
    expect(codeOf(() => detectFormat(randomBytes(2048)))).toBe('UNDECODABLE_TEXT');
  });

  it('only looks at the first bytes of a large upload', () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 0); // junk after the first 64 KB is not looked at
    big.write('青山镇法治政府建设工作报告\n'.repeat(4000), 0, 'utf8');
    const start = process.hrtime.bigint();
    expect(detectFormat(big)).toBe('txt');
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(500); // ~1 ms
  });
});
