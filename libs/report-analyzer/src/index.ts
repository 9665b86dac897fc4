// Public API of the report analyzer.

import type { Analysis, ExtractedText } from './types';
import { extractText, type ExtractOptions } from './extract';
import { quoteConfidence } from './extract/ocr';
import { analyzeText, analyzerVersion, AnalyzeOptions } from './analyze/analyze-text';
import { lexiconFileVersion } from './analyze/lexicon';

export * from './types';
export * from './errors';
export * from './extract';
export { analyzeText, analyzerVersion } from './analyze/analyze-text';
export type { AnalyzeOptions, AnalyzeMeta } from './analyze/analyze-text';
export { loadLexicon, compileLexicon, lexiconFileVersion, LexiconError, DEFAULT_LEXICON_PATH } from './analyze/lexicon';
export type { CompiledLexicon } from './analyze/lexicon';
export { OBLIGATIONS, METRIC_KEYS } from './analyze/catalogue';
export { CODE_VERSION } from './analyze/version';

/**
 * code version + lexicon version of the bundled lexicon, e.g. "1.0.0+lexicon.12". Read from the lexicon file's version
 * field: importing the package (the api does, for job ids) compiles nothing; the lexicon is compiled on first analysis.
 */
export const ANALYZER_VERSION: string = analyzerVersion({ version: lexiconFileVersion() });

/**
 * Extracts the text of a file (txt/html/docx/doc/wps/ofd/pdf) and analyses it. Rejects with an AnalyzerError.
 * `limits` override the extraction defaults (EXTRACT_DEFAULTS), e.g. from the deployment's configuration.
 */
export async function analyzeFile(
  bytes: Uint8Array,
  fileName: string,
  options?: AnalyzeOptions,
  limits?: Omit<ExtractOptions, 'fileName'>,
): Promise<Analysis> {
  const { format, text, sha256, ocr } = await extractText(bytes, { ...limits, fileName });
  const analysis = analyzeText(text, { file: fileName, format, sha256 }, options);
  return ocr ? markOcr(analysis, ocr) : analysis;
}

/** Text read by OCR: the source says so, and every quote from it carries 'ocr' and the confidence of the lines it spans. */
function markOcr(analysis: Analysis, ocr: NonNullable<ExtractedText['ocr']>): Analysis {
  const spans = ocr.spans;
  const total = spans.reduce((sum, s) => sum + s.confidence * (s.end - s.start), 0);
  const chars = spans.reduce((sum, s) => sum + (s.end - s.start), 0);
  const meanConfidence = chars ? Math.round((total / chars) * 1000) / 1000 : 0;
  return {
    ...analysis,
    source: { ...analysis.source, ocr: { pages: ocr.pages, meanConfidence } },
    obligations: analysis.obligations.map((o) => ({
      ...o,
      evidence: o.evidence.map((e) => {
        // A quote from a PDF's text pages keeps its source; only text OCR read is marked.
        if (!ocr.regions.some((r) => r.start < e.end && e.start < r.end)) return e;
        const confidence = quoteConfidence(spans, e.start, e.end);
        return { ...e, source: 'ocr' as const, ...(confidence === undefined ? {} : { ocrConfidence: confidence }) };
      }),
    })),
  };
}
