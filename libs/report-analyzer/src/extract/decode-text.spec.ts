import { randomBytes } from 'crypto';
import * as iconv from 'iconv-lite';
import { AnalyzerError } from '../errors';
import { decodeText } from './decode-text';

const REPORT =
  '青山镇2023年法治政府建设工作报告\n' +
  '2023年，青山镇坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想。\n' +
  '（一）规范行政执法。全镇共8名行政执法人员持证上岗，执法证持证率达100%。\n' +
  '（二）加强规范性文件管理，全年制发行政规范性文件2件，均经合法性审核。\n';

const expectCode = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AnalyzerError);
    expect((e as AnalyzerError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
};

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('decodeText', () => {
  it('decodes UTF-8 with and without BOM (the BOM is dropped)', () => {
    expect(decodeText(Buffer.from(REPORT, 'utf8'))).toEqual({ text: REPORT, encoding: 'utf-8' });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPORT, 'utf8')]);
    expect(decodeText(withBom)).toEqual({ text: REPORT, encoding: 'utf-8' });
  });

  it('decodes UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REPORT, 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: REPORT, encoding: 'utf-16le' });
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(be)).toEqual({ text: REPORT, encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 by the zero bytes of its ASCII characters', () => {
    expect(decodeText(Buffer.from(REPORT, 'utf16le'))).toEqual({ text: REPORT, encoding: 'utf-16le' });
    const be = Buffer.from(REPORT, 'utf16le');
    be.swap16();
    expect(decodeText(be)).toEqual({ text: REPORT, encoding: 'utf-16be' });
  });

  it('decodes GBK and GB18030 (the Windows default in mainland China)', () => {
    expect(decodeText(iconv.encode(REPORT, 'gbk'))).toEqual({ text: REPORT, encoding: 'gb18030' });
    const rare = `${REPORT}生僻字：𠀀、€。\n`; // four-byte GB18030 sequences
    expect(decodeText(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });

  it('decodes traditional Chinese in Big5', () => {
    const traditional =
      '青山鎮2023年法治政府建設工作報告\n' +
      '（一）規範行政執法。全鎮共8名行政執法人員持證上崗，執法證持證率達100%。\n' +
      '（二）加強規範性文件管理，全年制發行政規範性文件2件，均經合法性審核。\n';
    expect(decodeText(iconv.encode(traditional, 'big5'))).toEqual({ text: traditional, encoding: 'big5' });
  });

  it('uses a declared charset when the bytes are not UTF-8, and ignores a wrong declaration', () => {
    expect(decodeText(iconv.encode(REPORT, 'gbk'), { declaredCharset: 'gb2312' }).encoding).toBe('gb18030');
    expect(decodeText(Buffer.from(REPORT, 'utf8'), { declaredCharset: 'gb2312' }).encoding).toBe('utf-8');
  });

  it('accepts a prefix cut inside a multi-byte character when told it is partial', () => {
    const utf8 = Buffer.from(REPORT, 'utf8');
    const cut = utf8.subarray(0, 50); // 青山镇… is 3 bytes per character: 50 is mid-character
    expect(() => decodeText(cut)).not.toThrow(); // falls back, but must not be UTF-8 strict
    expect(decodeText(cut, { partial: true }).encoding).toBe('utf-8');
    const gbk = iconv.encode(REPORT, 'gbk').subarray(0, 51);
    expect(decodeText(gbk, { partial: true }).encoding).toBe('gb18030');
  });

  it('keeps UTF-8 with a few damaged bytes as UTF-8 (a cut upload), with replacement characters', () => {
    const utf8 = Buffer.from(REPORT, 'utf8');
    const damaged = Buffer.from(utf8);
    damaged[10] = 0xff;
    const decoded = decodeText(damaged);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('\uFFFD');
    expect(decoded.text.slice(-20)).toBe(REPORT.slice(-20));
    expect(decodeText(utf8.subarray(0, utf8.length - 2)).encoding).toBe('utf-8');
  });

  it('rejects binary junk as UNDECODABLE_TEXT', () => {
    expectCode(() => decodeText(randomBytes(4096)), 'UNDECODABLE_TEXT');
    expectCode(() => decodeText(Buffer.alloc(1000, 0)), 'UNDECODABLE_TEXT');
    const controls = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expectCode(() => decodeText(controls), 'UNDECODABLE_TEXT');
  });
});
