import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText, type Analysis } from '@app/report-analyzer';

/** One seed report as the analyzer sees it: what the generator copies into every township-year drawn from it. */
export interface ReportShape {
  file: string;
  /** The report year the analyzer found (dates of plan items are shifted from it to the generated year). */
  year: number;
  chars: number;
  sha256: string;
  evidence: { obligationId: string; quote: string; start: number; end: number; section: string; confidence: number | null }[];
  metrics: { obligationId: string; key: string; value: number; unit: string; quote: string; start: number; end: number }[];
  planItems: { text: string; obligationIds: string[]; target: unknown; due: string | null; start: number; end: number }[];
  problems: { text: string; obligationIds: string[]; start: number; end: number }[];
  evidenced: string[];
}

/** The analyzer's real output on every seed report (seeds/reports): the shapes of the generated data. */
export function seedShapes(seedsDir: string): ReportShape[] {
  const dir = path.join(seedsDir, 'reports');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => toShape(file, analyzeText(readFileSync(path.join(dir, file), 'utf8'), { file, format: 'txt', sha256: '0'.repeat(64) })));
}

function toShape(file: string, a: Analysis): ReportShape {
  return {
    file,
    year: a.reportYear ?? 2024,
    chars: a.source.chars,
    sha256: a.source.sha256,
    evidence: a.obligations.flatMap((o) =>
      o.evidence.map((e) => ({ obligationId: o.id, quote: e.quote, start: e.start, end: e.end, section: e.section, confidence: e.confidence ?? null })),
    ),
    metrics: a.metrics.map((m) => ({ obligationId: m.obligationId, key: m.key, value: m.value, unit: m.unit, quote: m.quote, start: m.start, end: m.end })),
    planItems: a.planItems.map((p) => ({ text: p.text, obligationIds: p.obligationIds, target: p.target, due: p.due, start: p.start, end: p.end })),
    problems: a.problems.map((p) => ({ text: p.text, obligationIds: p.obligationIds, start: p.start, end: p.end })),
    evidenced: a.obligations.filter((o) => o.status === 'evidenced').map((o) => o.id),
  };
}
