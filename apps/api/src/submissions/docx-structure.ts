import * as yauzl from 'yauzl';
import { describeAnalyzerError } from '@app/report-analyzer';
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
  // The same Chinese reason as the worker gives: what the file was taken to be and what to send instead.
  if (!names || !names.includes('word/document.xml')) throw new BadRequestError('CORRUPT_DOCX', describeAnalyzerError('CORRUPT_DOCX'));
}
