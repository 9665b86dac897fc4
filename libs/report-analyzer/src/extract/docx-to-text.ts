// .docx → plain text. The zip is checked with yauzl before mammoth sees it: mammoth (through JSZip) inflates whatever
// the archive holds, so a zip bomb or a corrupt archive must be turned away first: declared sizes, then every XML part
// inflated and counted against a per-part and a whole-document cap (guarded-zip.ts). mammoth then runs in a worker
// thread with a heap cap and a deadline (document-worker.ts), rendering the document to HTML (keeping paragraphs,
// headings and table rows), and the shared HTML renderer turns that into lines.
import { AnalyzerError } from '../errors';
import { DocumentParseError, runDocumentJob, type DocumentJobOptions } from './document-worker';
import { GuardedZip, type ZipLimits } from './guarded-zip';
import { htmlFragmentToText } from './html-to-text';

export type DocxLimits = ZipLimits & DocumentJobOptions;

const MAIN_PART = 'word/document.xml';
const WHAT = 'The Word document';

export async function docxToText(bytes: Uint8Array, limits: DocxLimits): Promise<string> {
  await checkArchive(bytes, limits);
  let html: string;
  try {
    html = await runDocumentJob('docx-html', bytes, limits);
  } catch (e) {
    if (e instanceof DocumentParseError) {
      throw new AnalyzerError('CORRUPT_DOCX', `The Word document cannot be read: ${e.message}`);
    }
    throw e;
  }
  const text = htmlFragmentToText(html);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new AnalyzerError('NO_CONTENT', 'The Word document holds no text (images only?).');
  }
  return text;
}

/** Declared sizes and encryption from the directory, then every XML part mammoth may parse, inflated and counted. */
async function checkArchive(bytes: Uint8Array, limits: ZipLimits): Promise<void> {
  const zip = await GuardedZip.open(bytes, limits, 'CORRUPT_DOCX', WHAT);
  try {
    if (!zip.find(MAIN_PART)) {
      throw new AnalyzerError('CORRUPT_DOCX', `The archive has no ${MAIN_PART}: it is not a Word document.`);
    }
    for (const entry of zip.entries) {
      if (/\.(?:xml|rels)$/i.test(entry.fileName)) await zip.count(entry);
    }
  } finally {
    zip.close();
  }
}
