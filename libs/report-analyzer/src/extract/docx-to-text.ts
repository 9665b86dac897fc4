// .docx → plain text. The zip is checked with yauzl before mammoth sees it: mammoth (through JSZip) inflates whatever
// the archive holds, so a zip bomb or a corrupt archive must be turned away first. mammoth then renders the document
// to HTML (keeping paragraphs, headings and table rows) and the shared HTML renderer turns that into lines.
import * as mammoth from 'mammoth';
import type { Readable } from 'stream';
import * as yauzl from 'yauzl';
import { AnalyzerError, isAnalyzerError } from '../errors';
import { htmlFragmentToText } from './html-to-text';

export interface DocxLimits {
  /** Cap on the sum of the entries' uncompressed sizes, and on what the XML parts really inflate to. */
  maxDecompressedBytes: number;
}

/** Far more than any Word document has (a few dozen parts plus media); more is a crafted archive. */
const MAX_ENTRIES = 10_000;
const MAIN_PART = 'word/document.xml';

export async function docxToText(bytes: Uint8Array, limits: DocxLimits): Promise<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await checkArchive(buffer, limits.maxDecompressedBytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        // Images are never read (mammoth would otherwise inline them as base64 data URIs).
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch (e) {
    throw new AnalyzerError('CORRUPT_DOCX', `The Word document cannot be read: ${messageOf(e)}`);
  }
  const text = htmlFragmentToText(html);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new AnalyzerError('NO_CONTENT', 'The Word document holds no text (images only?).');
  }
  return text;
}

/**
 * Reads the central directory (declared sizes, encryption, the main part) and then inflates every XML part mammoth
 * will parse, counting real bytes: a header that understates an entry's size is caught by yauzl's size validation.
 */
async function checkArchive(buffer: Buffer, maxBytes: number): Promise<void> {
  const zip = await openZip(buffer);
  try {
    const entries = await listEntries(zip, maxBytes);
    if (!entries.some((e) => e.fileName === MAIN_PART)) {
      throw new AnalyzerError('CORRUPT_DOCX', `The archive has no ${MAIN_PART}: it is not a Word document.`);
    }
    let inflated = 0;
    for (const entry of entries) {
      if (!/\.(?:xml|rels)$/i.test(entry.fileName)) continue;
      inflated += await countEntryBytes(zip, entry, maxBytes - inflated);
    }
  } finally {
    zip.close();
  }
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        reject(new AnalyzerError('CORRUPT_DOCX', `The Word document is not a readable zip: ${messageOf(err)}`));
      } else {
        resolve(zip);
      }
    });
  });
}

function listEntries(zip: yauzl.ZipFile, maxBytes: number): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    const fail = (e: AnalyzerError) => {
      zip.removeAllListeners('entry');
      reject(e);
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (entries.length > MAX_ENTRIES) {
        return fail(new AnalyzerError('TOO_LARGE', `The Word document has more than ${MAX_ENTRIES} parts.`));
      }
      if (declared > maxBytes) {
        return fail(
          new AnalyzerError('TOO_LARGE', `The Word document unpacks to more than ${maxBytes} bytes (zip bomb?).`),
        );
      }
      if (entry.isEncrypted()) return fail(new AnalyzerError('CORRUPT_DOCX', 'The Word document is encrypted.'));
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (err: Error) =>
      fail(new AnalyzerError('CORRUPT_DOCX', `The Word document's zip directory is damaged: ${messageOf(err)}`)),
    );
    zip.readEntry();
  });
}

function countEntryBytes(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream: Readable) => {
      if (err || !stream) {
        reject(new AnalyzerError('CORRUPT_DOCX', `Part ${entry.fileName} cannot be read: ${messageOf(err)}`));
        return;
      }
      let n = 0;
      stream.on('data', (chunk: Buffer) => {
        n += chunk.length;
        if (n > budget) {
          stream.destroy();
          reject(new AnalyzerError('TOO_LARGE', 'The Word document unpacks to more than the allowed size (zip bomb?).'));
        }
      });
      stream.once('end', () => resolve(n));
      stream.once('error', (e: Error) => {
        // yauzl reports a part inflating to more or less than its header says here.
        const damaged = `Part ${entry.fileName} is damaged: ${messageOf(e)}`;
        reject(isAnalyzerError(e) ? e : new AnalyzerError('CORRUPT_DOCX', damaged));
      });
    });
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
