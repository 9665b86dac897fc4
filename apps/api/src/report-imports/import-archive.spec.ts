import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { unicodePathField, writeZip } from '../../../../test/support/zip-writer';
import { openImportArchive } from './import-archive';

const limits = { maxFileBytes: 1000, maxTotalBytes: 1500, maxEntries: 5 };
const gbk = (s: string) => iconv.encode(s, 'gbk');
const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e) => e.code as string);

describe('import archive', () => {
  let dir: string;
  let n = 0;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'fz-import-archive-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** The archive as the api gets it: a file on disk. */
  const onDisk = (zip: Buffer) => {
    const file = path.join(dir, `${n++}.zip`);
    writeFileSync(file, zip);
    return file;
  };
  /** Every file of the archive, read one after the other. */
  const readImportArchive = async (zip: Buffer, l = limits) => {
    const source = await openImportArchive(onDisk(zip), l);
    try {
      const out: { path: string; size: number; bytes: Buffer }[] = [];
      for (const f of source.files) out.push({ ...f, bytes: await source.read(f) });
      return out;
    } finally {
      await source.close();
    }
  };

  it('reads names the way their archiver wrote them: UTF-8 flag, CP936 from Chinese Windows, Info-ZIP Unicode Path, unflagged UTF-8', async () => {
    const zip = writeZip([
      { name: '清单.xlsx', data: Buffer.from('a') },
      { name: gbk('历史报告/金马镇2023年报告.txt'), data: Buffer.from('b') },
      { name: gbk('abc.txt'), data: Buffer.from('c'), extra: unicodePathField(gbk('abc.txt'), '黄柏乡报告.txt') },
      { name: Buffer.from('鳌头镇.txt', 'utf8'), data: Buffer.from('d') },
    ]);
    const files = await readImportArchive(zip, limits);
    expect(files.map((f) => [f.path, f.bytes.toString()])).toEqual([
      ['清单.xlsx', 'a'],
      ['历史报告/金马镇2023年报告.txt', 'b'],
      ['黄柏乡报告.txt', 'c'],
      ['鳌头镇.txt', 'd'],
    ]);
  });

  it('reads any file again, in any order, from the archive on disk', async () => {
    const source = await openImportArchive(onDisk(writeZip([{ name: 'a.txt', data: Buffer.from('aaa') }, { name: 'b.txt', data: Buffer.from('bb') }])), limits);
    try {
      expect(source.files).toEqual([{ path: 'a.txt', size: 3 }, { path: 'b.txt', size: 2 }]);
      const [a, b] = source.files;
      expect([(await source.read(b)).toString(), (await source.read(a)).toString(), (await source.read(b)).toString()]).toEqual(['bb', 'aaa', 'bb']);
    } finally {
      await source.close();
    }
  });

  it('skips folders and the metadata archivers add', async () => {
    const zip = writeZip([
      { name: '报告/', data: Buffer.alloc(0) },
      { name: '__MACOSX/报告/._a.txt', data: Buffer.from('x') },
      { name: '报告/.DS_Store', data: Buffer.from('x') },
      { name: '报告/a.txt', data: Buffer.from('a') },
    ]);
    expect((await readImportArchive(zip, limits)).map((f) => f.path)).toEqual(['报告/a.txt']);
  });

  it('refuses paths that would escape the folder, whatever their encoding', async () => {
    for (const name of ['../evil.txt', '/etc/passwd', 'C:\\Windows\\x.txt', gbk('报告\\..\\..\\x.txt')]) {
      expect(await codeOf(readImportArchive(writeZip([{ name, data: Buffer.from('x') }]), limits))).toBe('IMPORT_UNSAFE_PATH');
    }
  });

  it('refuses too many entries, a file over the upload cap and an archive over the total cap', async () => {
    const many = writeZip(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.txt`, data: Buffer.from('x') })));
    expect(await codeOf(readImportArchive(many, limits))).toBe('IMPORT_ZIP_TOO_LARGE');
    expect(await codeOf(readImportArchive(writeZip([{ name: 'a.txt', data: Buffer.alloc(1001, 0x61) }]), limits))).toBe('IMPORT_ZIP_TOO_LARGE');
    const total = writeZip([{ name: 'a.txt', data: Buffer.alloc(800, 0x61) }, { name: 'b.txt', data: Buffer.alloc(800, 0x61) }]);
    expect(await codeOf(readImportArchive(total, limits))).toBe('IMPORT_ZIP_TOO_LARGE');
  });

  it('refuses what is not a zip and a zip cut short', async () => {
    expect(await codeOf(readImportArchive(Buffer.from('not a zip at all'), limits))).toBe('IMPORT_NOT_A_ZIP');
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('abc') }]);
    expect(await codeOf(readImportArchive(zip.subarray(0, zip.length - 10), limits))).toBe('IMPORT_NOT_A_ZIP');
  });

  it('refuses a file whose header understates its size (a zip bomb trick)', async () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('abcdef') }]);
    // Central directory says 2 bytes uncompressed; the stored data is 6.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(2, central + 24);
    expect(await codeOf(readImportArchive(zip, limits))).toBe('IMPORT_NOT_A_ZIP');
  });
});
