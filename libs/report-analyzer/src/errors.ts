// Typed analyzer errors. Every failure that escapes the analyzer is an AnalyzerError with a code, so the worker can
// decide "give up" (permanent: the file itself is bad) versus "retry", and the api can map codes to HTTP statuses.

export type AnalyzerErrorCode =
  | 'EMPTY_FILE' // zero bytes, or nothing but whitespace after extraction
  | 'UNSUPPORTED_FORMAT' // not txt / html / docx / pdf by content
  | 'UNDECODABLE_TEXT' // bytes that are no known text encoding (binary junk)
  | 'CORRUPT_DOCX' // a zip that is not a readable Word document
  | 'CORRUPT_PDF' // truncated or broken PDF
  | 'SCANNED_PDF' // a PDF without a text layer (needs OCR)
  | 'TOO_LARGE' // input or decompressed content over the configured cap (zip bomb, huge text)
  | 'NO_CONTENT' // a document that decodes but holds no article text (e.g. HTML without a body)
  | 'EXTRACTION_FAILED'; // the extractor itself failed (e.g. the PDF worker could not start): not the file's fault

export class AnalyzerError extends Error {
  constructor(
    readonly code: AnalyzerErrorCode,
    message: string,
    /** Permanent errors will fail the same way on every retry. Only EXTRACTION_FAILED is raised as transient. */
    readonly permanent = true,
  ) {
    super(message);
    this.name = 'AnalyzerError';
  }
}

export const isAnalyzerError = (e: unknown): e is AnalyzerError => e instanceof AnalyzerError;
