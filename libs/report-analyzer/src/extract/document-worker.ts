// Runs the document parsers that build a whole document in memory (mammoth for .docx, word-extractor for .doc/.wps) in
// a sandboxed child process (sandbox.ts: heap cap, deadline, a crash ends only the child), one job at a time.
import { Sandbox, type SandboxJobOptions } from './sandbox';

export type DocumentJobKind = 'docx-html' | 'word97-text';
export type DocumentJobOptions = SandboxJobOptions;

const CHILD_SOURCE = `
process.on('unhandledRejection', () => {});
async function run(kind, buffer, paths) {
  if (kind === 'docx-html') {
    const mammoth = require(paths.mammoth);
    const result = await mammoth.convertToHtml(
      { buffer },
      // Images are never read (mammoth would otherwise inline them as base64 data URIs).
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
    );
    return result.value;
  }
  if (kind === 'word97-text') {
    const WordExtractor = require(paths.wordExtractor);
    const doc = await new WordExtractor().extract(buffer);
    return doc.getBody();
  }
  throw new Error('unknown job kind ' + kind);
}
process.on('message', async ({ id, kind, data, paths }) => {
  try {
    const value = await run(kind, Buffer.from(data.buffer, data.byteOffset, data.byteLength), paths);
    process.send({ id, value });
  } catch (e) {
    process.send({ id, error: { name: (e && e.name) || 'Error', message: String((e && e.message) || e) } });
  }
});
`;

type Reply = { id: number; value: string } | { id: number; error: { name: string; message: string } };

/** The parser threw on the file (or crashed on it): the caller turns it into CORRUPT_DOCX, CORRUPT_DOC, … */
export class DocumentParseError extends Error {
  constructor(readonly parserName: string, message: string) {
    super(message);
    this.name = 'DocumentParseError';
  }
}

const sandbox = new Sandbox<Reply>(CHILD_SOURCE, {
  subject: 'The document',
  crashed: (detail) => new DocumentParseError('Crash', detail),
});

const PATHS = () => ({ mammoth: require.resolve('mammoth'), wordExtractor: require.resolve('word-extractor') });

/**
 * The parser's output for `bytes`. Rejects with DocumentParseError when the parser throws on the file, or with an
 * AnalyzerError: TOO_LARGE (heap cap or deadline), EXTRACTION_FAILED (the child could not start).
 */
export async function runDocumentJob(kind: DocumentJobKind, bytes: Uint8Array, opts: DocumentJobOptions): Promise<string> {
  const reply = await sandbox.run({ kind, data: bytes, paths: PATHS() }, opts);
  if ('error' in reply) throw new DocumentParseError(reply.error.name, reply.error.message);
  return reply.value;
}

/** Ends the child (tests, graceful shutdown). A later job starts a new one. */
export function closeDocumentWorker(): Promise<void> {
  return sandbox.close();
}
