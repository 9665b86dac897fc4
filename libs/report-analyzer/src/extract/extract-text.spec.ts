import { createHash, randomBytes } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import * as iconv from 'iconv-lite';
import { join } from 'path';
import { AnalyzerError } from '../errors';
import { extractText, normalizeText } from './index';

const seedsDir = join(__dirname, '../../../../seeds/reports');

const failure = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AnalyzerError ? e.code : `non-AnalyzerError: ${String(e)}`),
  );

// Real files, worker start-up and large inputs: more than jest's 5 s default on a busy machine.
jest.setTimeout(30_000);

describe('extractText', () => {
  it('returns the normalised text of a plain-text report with the sha256 of the upload', async () => {
    for (const name of readdirSync(seedsDir).filter((n) => n.endsWith('.txt'))) {
      const bytes = readFileSync(join(seedsDir, name));
      const result = await extractText(bytes, { fileName: name });
      expect(result).toEqual({
        format: 'txt',
        text: normalizeText(bytes.toString('utf8')),
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  });

  it('gives the same text for the same report saved as GB18030, UTF-16 or UTF-8 with BOM', async () => {
    const seed = readFileSync(join(seedsDir, '001_5e85f3a6cf9c8b4e.txt'), 'utf8');
    const expected = normalizeText(seed);
    const variants = [
      iconv.encode(seed, 'gb18030'), // GBK itself lacks the no-break spaces the seed has
      iconv.encode(seed, 'utf16le', { addBOM: true }),
      iconv.encode(seed, 'utf16-be', { addBOM: true }),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed, 'utf8')]),
    ];
    for (const bytes of variants) expect((await extractText(bytes)).text).toBe(expected);
  });

  it('answers EMPTY_FILE for zero bytes and for whitespace-only text', async () => {
    expect(await failure(extractText(new Uint8Array(0)))).toBe('EMPTY_FILE');
    expect(await failure(extractText(Buffer.from(' \r\n\t\u3000\n', 'utf8')))).toBe('EMPTY_FILE');
  });

  it('answers typed errors for binary junk and non-report formats', async () => {
    expect(await failure(extractText(randomBytes(10_000)))).toBe('UNDECODABLE_TEXT');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]);
    expect(await failure(extractText(png))).toBe('UNSUPPORTED_FORMAT');
  });

  it('refuses an upload over maxInputBytes without reading it', async () => {
    expect(await failure(extractText(Buffer.alloc(2048, 0x41), { maxInputBytes: 1024 }))).toBe('TOO_LARGE');
  });

  it('ends a 20 MB text in TOO_LARGE quickly', async () => {
    const line = '2023年，青山镇坚持以习近平新时代中国特色社会主义思想为指导，全镇共8名行政执法人员持证上岗。\n';
    const bytes = Buffer.from(line.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(line))), 'utf8');
    expect(await failure(extractText(bytes))).toBe('TOO_LARGE');
    // Within the cap the same kind of text goes through.
    const small = await extractText(bytes.subarray(0, Buffer.byteLength(line) * 1000));
    expect(small.text.split('\n')).toHaveLength(1000);
  });

  it('applies maxChars to the extracted text', async () => {
    expect(await failure(extractText(Buffer.from('法治'.repeat(600)), { maxChars: 1000 }))).toBe('TOO_LARGE');
    expect((await extractText(Buffer.from('法治'.repeat(400)), { maxChars: 1000 })).text).toHaveLength(800);
  });
});
