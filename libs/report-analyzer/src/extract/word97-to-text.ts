// Word 97–2003 binary documents (.doc) and WPS Office documents (.wps, which WPS writes in the same binary format: an
// OLE2 compound file with a WordDocument stream) → plain text, through word-extractor in the document worker thread
// (heap cap and deadline). detectFormat has already checked, by content, that the file holds a WordDocument stream and
// is not encrypted; anything word-extractor still cannot read is CORRUPT_DOC.
import { AnalyzerError } from '../errors';
import { DocumentParseError, runDocumentJob, type DocumentJobOptions } from './document-worker';

export async function word97ToText(bytes: Uint8Array, limits: DocumentJobOptions): Promise<string> {
  let body: string;
  try {
    body = await runDocumentJob('word97-text', bytes, limits);
  } catch (e) {
    if (e instanceof DocumentParseError) {
      throw new AnalyzerError('CORRUPT_DOC', `The Word 97/WPS document cannot be read: ${e.message}`);
    }
    throw e;
  }
  // Word's in-text marks: \r paragraph ends, \u0007 cell/row ends, \u000b line breaks, \u000c page/section breaks.
  const text = body
    .replace(/\r\n?/g, '\n')
    .replace(/\u0007/g, '\t')
    .replace(/[\u000b\u000c]/g, '\n');
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new AnalyzerError('NO_CONTENT', 'The Word 97/WPS document holds no text (images only?).');
  }
  return text;
}
