// A zip archive opened with every zip-bomb guard the document formats share (.docx, .ofd): the central directory is
// read first (entry count, declared sizes, encryption), and any part is then inflated as a stream that is cut off as
// soon as it passes its budget: the per-part cap, and what is left of the whole document's cap. yauzl validates that
// a part inflates to exactly the size its header declares, so a header that understates a part is caught too.
import type { Readable } from 'stream';
import * as yauzl from 'yauzl';
import { AnalyzerError, type AnalyzerErrorCode } from '../errors';

export interface ZipLimits {
  /** Cap on the sum of the declared uncompressed sizes of all entries (media included). */
  maxDecompressedBytes: number;
  /** Cap on what one XML part inflates to, and on the sum over the parts that are read. */
  maxXmlBytes: number;
}

/** Far more than any document has (a few dozen parts plus media); more is a crafted archive. */
const MAX_ENTRIES = 10_000;

export class GuardedZip {
  private xmlRead = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: readonly yauzl.Entry[],
    private readonly limits: ZipLimits,
    private readonly corrupt: AnalyzerErrorCode,
    private readonly what: string,
  ) {}

  /** `corrupt` is the code for a damaged archive; `what` names the document in messages ("The Word document"). */
  static async open(
    bytes: Uint8Array,
    limits: ZipLimits,
    corrupt: AnalyzerErrorCode,
    what: string,
  ): Promise<GuardedZip> {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
        if (err || !z) reject(new AnalyzerError(corrupt, `${what} is not a readable zip: ${messageOf(err)}`));
        else resolve(z);
      });
    });
    try {
      const entries = await listEntries(zip, limits, corrupt, what);
      return new GuardedZip(zip, entries, limits, corrupt, what);
    } catch (e) {
      zip.close();
      throw e;
    }
  }

  find(name: string): yauzl.Entry | undefined {
    const wanted = normalizePath(name);
    return this.entries.find((e) => normalizePath(e.fileName) === wanted);
  }

  /** Inflates one part, counting it against the per-part cap and the whole document's XML budget. */
  async read(entry: yauzl.Entry): Promise<Buffer> {
    const budget = Math.min(this.limits.maxXmlBytes, this.limits.maxXmlBytes - this.xmlRead);
    if (entry.uncompressedSize > budget) throw this.tooLarge(entry.fileName);
    const chunks: Buffer[] = [];
    const n = await this.stream(entry, budget, (chunk) => chunks.push(chunk));
    this.xmlRead += n;
    return Buffer.concat(chunks, n);
  }

  /** Inflates one part without keeping it, only to count it (the part is handed to a parser that reads it again). */
  async count(entry: yauzl.Entry): Promise<number> {
    const budget = Math.min(this.limits.maxXmlBytes, this.limits.maxXmlBytes - this.xmlRead);
    if (entry.uncompressedSize > budget) throw this.tooLarge(entry.fileName);
    const n = await this.stream(entry, budget, () => undefined);
    this.xmlRead += n;
    return n;
  }

  close(): void {
    this.zip.close();
  }

  private tooLarge(part: string): AnalyzerError {
    return new AnalyzerError(
      'TOO_LARGE',
      `${this.what} unpacks to more than ${this.limits.maxXmlBytes} bytes of XML (part ${part}); zip bomb?`,
    );
  }

  private stream(entry: yauzl.Entry, budget: number, onChunk: (chunk: Buffer) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream: Readable) => {
        if (err || !stream) {
          reject(new AnalyzerError(this.corrupt, `Part ${entry.fileName} cannot be read: ${messageOf(err)}`));
          return;
        }
        let n = 0;
        let done = false;
        stream.on('data', (chunk: Buffer) => {
          if (done) return;
          n += chunk.length;
          if (n > budget) {
            done = true;
            stream.destroy();
            reject(this.tooLarge(entry.fileName));
            return;
          }
          onChunk(chunk);
        });
        stream.once('end', () => {
          if (!done) resolve(n);
        });
        stream.once('error', (e: Error) => {
          if (done) return;
          done = true;
          // yauzl reports a part inflating to more or less than its header says here.
          reject(new AnalyzerError(this.corrupt, `Part ${entry.fileName} is damaged: ${messageOf(e)}`));
        });
      });
    });
  }
}

function listEntries(
  zip: yauzl.ZipFile,
  limits: ZipLimits,
  corrupt: AnalyzerErrorCode,
  what: string,
): Promise<yauzl.Entry[]> {
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
        return fail(new AnalyzerError('TOO_LARGE', `${what} has more than ${MAX_ENTRIES} parts.`));
      }
      if (declared > limits.maxDecompressedBytes) {
        return fail(
          new AnalyzerError('TOO_LARGE', `${what} unpacks to more than ${limits.maxDecompressedBytes} bytes (zip bomb?).`),
        );
      }
      if (entry.isEncrypted()) return fail(new AnalyzerError(corrupt, `${what} is encrypted.`));
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (err: Error) => fail(new AnalyzerError(corrupt, `${what}'s zip directory is damaged: ${messageOf(err)}`)));
    zip.readEntry();
  });
}

/** Zip paths as documents reference them: no leading slash, forward slashes, case kept. */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
