import * as yauzl from 'yauzl';
import { BadRequestError } from '../common/domain-error';

/**
 * Content detection calls a zip with word/ parts a docx, even when the archive is cut off. Reading the central
 * directory (no decompression) refuses, at upload time, a .docx the worker could never open.
 */
export async function assertReadableDocx(bytes: Buffer): Promise<void> {
  const names = await new Promise<string[]>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('unreadable zip'));
      const found: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        found.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  }).catch(() => null);
  if (!names) throw new BadRequestError('CORRUPT_DOCX', 'Word 文档已损坏（不是完整的 zip 文件），请重新保存后上传');
  if (!names.includes('word/document.xml')) throw new BadRequestError('CORRUPT_DOCX', 'Word 文档缺少正文（word/document.xml），请重新保存后上传');
}
