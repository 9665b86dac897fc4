import type { Analysis } from '@app/report-analyzer/types';

export interface AnalysisMeta {
  analyzerVersion: string;
  detected: { townshipName: string | null; townshipLevel: string | null; reportYear: number | null };
  sections: { kind: string; title: string }[];
  counts: { evidencedObligations: number; metrics: number; planItems: number; problems: number; chars: number };
  /** Differences between what the document says and what was declared at upload (zh, for people). */
  warnings: string[];
}

/** Loose name match: "金马镇人民政府" is 金马镇; "金马" alone too. */
function sameTownship(detected: string, registered: string): boolean {
  const core = (s: string) => s.replace(/(人民政府|党委|办事处|政府)$/u, '').replace(/(镇|乡|街道)$/u, '');
  return detected.includes(registered) || registered.includes(detected) || core(detected) === core(registered);
}

export function buildAnalysisMeta(analysis: Analysis, declared: { year: number; townshipName: string }, analyzerVersion: string): AnalysisMeta {
  const warnings: string[] = [];
  if (analysis.reportYear !== null && analysis.reportYear !== declared.year) {
    warnings.push(`报告正文显示为${analysis.reportYear}年度，与上传时选择的${declared.year}年度不一致，请核实是否传错年度。`);
  }
  if (analysis.township.name && !sameTownship(analysis.township.name, declared.townshipName)) {
    warnings.push(`报告正文显示的单位为“${analysis.township.name}”，与提交单位“${declared.townshipName}”不一致，请核实是否传错文件。`);
  }
  return {
    analyzerVersion,
    detected: { townshipName: analysis.township.name, townshipLevel: analysis.township.level, reportYear: analysis.reportYear },
    sections: analysis.sections.map((s) => ({ kind: s.kind, title: s.title })),
    counts: {
      evidencedObligations: analysis.obligations.filter((o) => o.status === 'evidenced').length,
      metrics: analysis.metrics.length,
      planItems: analysis.planItems.length,
      problems: analysis.problems.length,
      chars: analysis.text.length,
    },
    warnings,
  };
}
