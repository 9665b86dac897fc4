import type { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import * as yauzl from 'yauzl';
import { BadRequestError, DomainError } from '../common/domain-error';
import { megabytes } from '../common/error-catalogue';

/** One file of an import archive: its path inside the archive (forward slashes, no leading slash) and its bytes. */
export interface ArchiveFile {
  path: string;
  bytes: Buffer;
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
 * Unpacks an import archive into memory with the zip-bomb guards the document formats use: the central directory is
 * read first (entry count, declared sizes, encryption, unsafe paths), then each file is inflated as a stream that is
 * cut off past its budget; yauzl checks a file inflates to exactly the size its header declares.
 */
export async function readImportArchive(bytes: Buffer, limits: ArchiveLimits): Promise<ArchiveFile[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, strictFileNames: false }, (err, z) =>
      err || !z ? reject(invalidArchive()) : resolve(z),
    ),
  );
  try {
    const entries = await listEntries(zip, limits);
    const files: ArchiveFile[] = [];
    let total = 0;
    for (const { entry, path } of entries) {
      const data = await inflate(zip, entry, Math.min(limits.maxFileBytes, limits.maxTotalBytes - total), path, limits);
      total += data.length;
      files.push({ path, bytes: data });
    }
    return files;
  } finally {
    zip.close();
  }
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

function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number, path: string, limits: ArchiveLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream: Readable) => {
      if (err || !stream) return reject(new BadRequestError('IMPORT_NOT_A_ZIP', `压缩包中的“${path}”已损坏，无法解压`));
      const chunks: Buffer[] = [];
      let n = 0;
      let done = false;
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        n += chunk.length;
        if (n > budget) {
          done = true;
          stream.destroy();
          return reject(n > limits.maxFileBytes ? tooLarge(path, limits) : totalTooLarge(limits));
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

const tooLarge = (path: string, limits: ArchiveLimits) =>
  new DomainError('IMPORT_ZIP_TOO_LARGE', 413, `压缩包中的“${path}”超过单个文件 ${megabytes(limits.maxFileBytes)} 的上限`);
const totalTooLarge = (limits: ArchiveLimits) =>
  new DomainError('IMPORT_ZIP_TOO_LARGE', 413, `压缩包解压后超过 ${megabytes(limits.maxTotalBytes)}，请分批导入`);
