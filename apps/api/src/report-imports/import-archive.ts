import type { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import { BadRequestError, DomainError } from '../common/domain-error';
import { megabytes } from '../common/error-catalogue';

/** One file of an import (a ZIP's entry or a folder's file): its path (forward slashes, no leading slash) and size. */
export interface ArchiveFile {
  path: string;
  size: number;
}

/**
 * The files of an import, read one at a time: the listing is known up front, a file's bytes only when asked for, so
 * whoever reads drops one file's bytes before asking for the next and memory stays bounded by the largest file.
 */
export interface ImportSource {
  readonly files: readonly ArchiveFile[];
  read(file: ArchiveFile): Promise<Buffer>;
  close(): Promise<void>;
}

export interface ArchiveLimits {
  /** Cap on one file (the upload limit: an imported report is an upload like any other). */
  maxFileBytes: number;
  /** Cap on the sum of all files once unpacked. */
  maxTotalBytes: number;
  /** Cap on the number of entries (folders included). */
  maxEntries: number;
}

/** Files an archiver adds that are nobody's report: macOS resource forks and Finder / Explorer metadata. */
const SYSTEM_FILE = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;
export const isSystemFile = (path: string): boolean => SYSTEM_FILE.test(path) || SYSTEM_FILE.test(`${path}/`);
/** The Info-ZIP Unicode Path extra field: a UTF-8 copy of a name stored in a legacy code page. */
const UNICODE_PATH_FIELD = 0x7075;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_FLAG = 0x800;

/**
 * The name of a zip entry as its author saw it. A zip made by Windows' "send to compressed folder" or WinRAR on a
 * Chinese system stores names in the ANSI code page (CP936 / GBK) without the UTF-8 flag; yauzl would read those as
 * CP437 mojibake, so names are taken as raw bytes and decoded here: the UTF-8 flag, then an Info-ZIP Unicode Path
 * field, then strict UTF-8 (macOS and Linux archivers often omit the flag), else GB18030 (a superset of GBK).
 */
export function entryName(raw: Buffer, flags: number, extraFields: readonly { id: number; data: Buffer }[]): string {
  if (flags & UTF8_FLAG) return raw.toString('utf8');
  const unicode = extraFields.find((f) => f.id === UNICODE_PATH_FIELD);
  // version (1 byte) + CRC-32 of the legacy name (4 bytes) + the UTF-8 name.
  if (unicode && unicode.data.length > 5 && unicode.data[0] === 1) return unicode.data.subarray(5).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, 'gb18030');
  }
}

/**
 * A path inside the archive, or null when it could escape the folder it is unpacked into (absolute, a drive letter,
 * `..`) — such an archive is refused as a whole, since it was made to attack whoever unpacks it.
 */
export function safeArchivePath(name: string): string | null {
  const p = name.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.includes('\u0000')) return null;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return null;
  return parts.join('/');
}

const invalidArchive = () => new BadRequestError('IMPORT_NOT_A_ZIP', '上传的文件不是可读取的 ZIP 压缩包，请用“压缩为 ZIP 文件”重新打包后上传（不支持 RAR、7-Zip 格式或加密的压缩包）');

/**
 * Opens an import archive on disk with the zip-bomb guards the document formats use: the central directory is read
 * first (entry count, declared sizes, encryption, unsafe paths); a file is inflated only when read — yauzl reads the
 * archive with random access, never whole — as a stream cut off past the per-file cap, and yauzl checks it inflates to
 * exactly the size its header declares (so the declared total, checked up front, bounds what all reads can yield).
 */
export async function openImportArchive(zipPath: string, limits: ArchiveLimits): Promise<ImportSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false, strictFileNames: false }, (err, z) =>
      err || !z ? reject(invalidArchive()) : resolve(z),
    ),
  );
  let entries: { entry: yauzl.Entry; path: string }[];
  try {
    entries = await listEntries(zip, limits);
  } catch (e) {
    zip.close();
    throw e;
  }
  const byFile = new Map<ArchiveFile, yauzl.Entry>();
  for (const { entry, path } of entries) byFile.set({ path, size: entry.uncompressedSize }, entry);
  return {
    files: [...byFile.keys()],
    read: (file) => {
      const entry = byFile.get(file);
      if (!entry) throw new Error(`not a file of this archive: ${file.path}`);
      return inflate(zip, entry, file.path, limits);
    },
    close: async () => zip.close(),
  };
}

function listEntries(zip: yauzl.ZipFile, limits: ArchiveLimits): Promise<{ entry: yauzl.Entry; path: string }[]> {
  return new Promise((resolve, reject) => {
    const out: { entry: yauzl.Entry; path: string }[] = [];
    let seen = 0;
    let declared = 0;
    const fail = (e: DomainError) => {
      zip.removeAllListeners('entry');
      reject(e);
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      seen += 1;
      if (seen > limits.maxEntries) return fail(new BadRequestError('IMPORT_ZIP_TOO_LARGE', `压缩包中的文件和文件夹超过 ${limits.maxEntries} 个，请分批导入`));
      const raw = entry.fileName as unknown as Buffer;
      const name = entryName(raw, entry.generalPurposeBitFlag, entry.extraFields);
      const path = safeArchivePath(name);
      if (path === null) return fail(new BadRequestError('IMPORT_UNSAFE_PATH', `压缩包中含有不安全的路径“${name}”（绝对路径或“..”），已拒绝整个压缩包`));
      if (entry.isEncrypted()) return fail(new BadRequestError('IMPORT_NOT_A_ZIP', `压缩包中的“${path}”已加密，请取消密码后重新打包`));
      const isFolder = name.endsWith('/') || name.endsWith('\\');
      if (!isFolder && path !== '' && !SYSTEM_FILE.test(path)) {
        declared += entry.uncompressedSize;
        if (entry.uncompressedSize > limits.maxFileBytes) return fail(tooLarge(path, limits));
        if (declared > limits.maxTotalBytes) return fail(totalTooLarge(limits));
        out.push({ entry, path });
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve(out));
    zip.once('error', () => fail(invalidArchive()));
    zip.readEntry();
  });
}

function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, path: string, limits: ArchiveLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream: Readable) => {
      if (err || !stream) return reject(new BadRequestError('IMPORT_NOT_A_ZIP', `压缩包中的“${path}”已损坏，无法解压`));
      const chunks: Buffer[] = [];
      let n = 0;
      let done = false;
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        n += chunk.length;
        if (n > limits.maxFileBytes) {
          done = true;
          stream.destroy();
          return reject(tooLarge(path, limits));
        }
        chunks.push(chunk);
      });
      stream.once('end', () => !done && resolve(Buffer.concat(chunks, n)));
      stream.once('error', () => {
        if (done) return;
        done = true;
        reject(new BadRequestError('IMPORT_NOT_A_ZIP', `压缩包中的“${path}”已损坏，无法解压`));
      });
    });
  });
}

export const tooLarge = (path: string, limits: ArchiveLimits) =>
  new DomainError('IMPORT_ZIP_TOO_LARGE', 413, `压缩包中的“${path}”超过单个文件 ${megabytes(limits.maxFileBytes)} 的上限`);
export const totalTooLarge = (limits: ArchiveLimits) =>
  new DomainError('IMPORT_ZIP_TOO_LARGE', 413, `压缩包解压后超过 ${megabytes(limits.maxTotalBytes)}，请分批导入`);
