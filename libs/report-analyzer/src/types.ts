// The analyzer's output contract (../shared/spec/analysis-json.md). Extra fields are allowed; these must be present.

/**
 * doc: Word 97–2003 binary; wps: WPS Office text document (the same binary format); ofd: GB/T 33190 版式文档;
 * image: a scan or photo read by OCR (only when OCR is enabled).
 */
export type SourceFormat = 'txt' | 'html' | 'docx' | 'doc' | 'wps' | 'ofd' | 'pdf' | 'image';
export type TownshipLevel = 'town' | 'township' | 'street' | 'unknown';
export type SectionKind = 'preamble' | 'achievements' | 'first_responsible' | 'highlights' | 'problems' | 'plan' | 'other';

export interface Section {
  kind: SectionKind;
  title: string;
  start: number;
  end: number;
  level?: number;
}

export interface EvidenceQuote {
  quote: string;
  start: number;
  end: number;
  section: SectionKind;
  /**
   * How strongly the quote claims the obligation, 0–1 (the lexicon's `confidence` block): 0.9 a stated action,
   * 1.0 one with a count, lower for a weak claim — a sub-heading alone, the opening summary, an area named in a list
   * of areas. The review queue sorts by it, weakest first. Optional for producers other than the analyzer.
   */
  confidence?: number;
  /** 'ocr' when the quote was read from a picture (scan or photo) by OCR; absent for text the file carried. */
  source?: 'ocr';
  /** OCR only: the lowest recognition confidence (0–1) of the lines the quote spans. */
  ocrConfidence?: number;
}

export interface ObligationResult {
  id: string;
  status: 'evidenced' | 'not_found';
  evidence: EvidenceQuote[];
  /** The highest confidence of its evidence; null when not found. */
  confidence?: number | null;
}

export interface MetricResult {
  obligationId: string;
  key: string;
  value: number;
  unit: string;
  quote: string;
  start: number;
  end: number;
}

export interface Target {
  metric?: string;
  op: '>=' | '<=' | '=';
  value: number;
  unit: string;
}

export interface PlanItemResult {
  text: string;
  obligationIds: string[];
  target: Target | null;
  due: string | null; // YYYY-MM-DD: explicit, or else 12-31 of the plan year; null when no year is known
  start: number;
  end: number;
}

export interface ProblemResult {
  text: string;
  obligationIds: string[];
  start: number;
  end: number;
}

export interface Analysis {
  schemaVersion: 1;
  analyzerVersion: string; // code version + lexicon version, e.g. "1.0.0+lexicon.3"
  source: {
    file: string;
    format: SourceFormat;
    sha256: string;
    chars: number;
    /** Present when the text was read by OCR: pages read and the mean line confidence (0–1). */
    ocr?: { pages: number; meanConfidence: number };
  };
  township: { name: string | null; level: TownshipLevel | null };
  reportYear: number | null;
  text: string;
  sections: Section[];
  obligations: ObligationResult[];
  metrics: MetricResult[];
  planItems: PlanItemResult[];
  problems: ProblemResult[];
}

/** What extraction hands to analysis: the normalised plain text and where it came from. */
export interface ExtractedText {
  format: SourceFormat;
  text: string;
  sha256: string;
  /**
   * Present when some or all of the text was read by OCR: pages read, each recognised line's span of `text` and
   * confidence, and the regions of `text` OCR read (the whole text, or a PDF's scanned pages).
   */
  ocr?: {
    pages: number;
    spans: { start: number; end: number; confidence: number }[];
    regions: { start: number; end: number }[];
  };
}
