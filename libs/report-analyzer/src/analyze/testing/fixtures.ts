// Helpers for the analyzer's unit tests: build small reports in the usual township layout and analyse them.

import { normalizeText } from '../../extract';
import type { Analysis } from '../../types';
import { analyzeText } from '../analyze-text';

export interface ReportParts {
  title?: string;
  preamble?: string;
  /** sentences of part 一 (measures and results) */
  achievements?: string[];
  /** sentences of part 二 (shortcomings) */
  problems?: string[];
  /** sentences of part 三 (first-responsibility duties) */
  firstResponsible?: string[];
  /** sentences of part 四 (next-year plan) */
  plan?: string[];
  year?: number;
}

/** A report with the four statutory parts that are given, headed 一、二、三、四、 */
export function buildReport(p: ReportParts): string {
  const y = p.year ?? 2023;
  const lines: string[] = [];
  lines.push(p.title ?? `某某镇${y}年法治政府建设工作报告`);
  lines.push(p.preamble ?? `${y}年,我镇在县委、县政府的坚强领导下,扎实推进法治政府建设。现将有关情况报告如下。`);
  const ord = ['一', '二', '三', '四', '五'];
  let k = 0;
  if (p.achievements) {
    lines.push(`${ord[k++]}、${y}年推进法治政府建设的主要举措和成效`);
    lines.push(p.achievements.join(''));
  }
  if (p.problems) {
    lines.push(`${ord[k++]}、存在的不足和原因`);
    lines.push(p.problems.join(''));
  }
  if (p.firstResponsible) {
    lines.push(`${ord[k++]}、党政主要负责人履行推进法治建设第一责任人职责情况`);
    lines.push(p.firstResponsible.join(''));
  }
  if (p.plan) {
    lines.push(`${ord[k++]}、${y + 1}年推进法治政府建设的主要安排`);
    lines.push(p.plan.join(''));
  }
  return lines.join('\n');
}

export function analyze(raw: string, file = 'test.txt'): Analysis {
  return analyzeText(normalizeText(raw), { file, format: 'txt', sha256: '0'.repeat(64) });
}

export const evidenced = (a: Analysis): string[] => a.obligations.filter((o) => o.status === 'evidenced').map((o) => o.id);

/** Analyse one performance sentence inside a measures part and return the evidenced text obligations. */
export function claimIds(sentence: string): string[] {
  return evidenced(analyze(buildReport({ achievements: [sentence] }))).filter((id) => !id.startsWith('annual_report_'));
}

export function metricsOf(sentence: string): string[] {
  return analyze(buildReport({ achievements: [sentence] })).metrics.map((m) => `${m.obligationId}.${m.key}=${m.value}`);
}
