import { Injectable } from '@nestjs/common';
import type { ChecklistView } from '../checklists/checklist-view';
import { NOT_SUBMITTED_ZH } from '@app/domain/labels';
import { ITEM_STATUS_LABELS, PLAN_STATUS_ZH, PROBLEM_STATUS_ZH, SECTION_KIND_ZH } from './status-labels';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Everything from documents and people is escaped: a report's text must never become markup. */
export const escapeHtml = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const colour = (argb: string) => `#${argb.slice(2)}`;

/** One township's year on paper: a self-contained HTML page with print styles (the browser prints it to PDF). */
@Injectable()
export class TownshipReportService {
  render(view: ChecklistView, countyName: string, generatedAt: Date = new Date()): string {
    const met = view.items.filter((i) => ['auto_evidenced', 'accepted'].includes(i.status)).length;
    const rows = view.items
      .map((i) => {
        const label = ITEM_STATUS_LABELS[i.status];
        const quotes = i.evidence
          .filter((e) => e.reviewState !== 'rejected')
          .map((e) => `<li>${escapeHtml(e.quote ?? e.note)}${e.section ? ` <span class="muted">（${escapeHtml(SECTION_KIND_ZH[e.section as keyof typeof SECTION_KIND_ZH] ?? e.section)}）</span>` : ''}</li>`)
          .join('');
        const extra = [
          i.measuredValue !== null ? `实测：${escapeHtml(i.measuredValue)}${escapeHtml(i.requirement.unit ?? '')}（要求 ≥ ${escapeHtml(i.requirement.threshold)}）` : '',
          i.decisionReason ? `审核理由：${escapeHtml(i.decisionReason)}` : '',
          i.comment ? `审核意见：${escapeHtml(i.comment)}` : '',
        ].filter(Boolean).map((s) => `<div class="muted">${s}</div>`).join('');
        return `<tr><td>${escapeHtml(i.name)}</td><td class="status" style="background:${colour(label.argb)}">${escapeHtml(label.zh)}</td><td>${quotes ? `<ul>${quotes}</ul>` : '<span class="muted">无</span>'}${extra}</td></tr>`;
      })
      .join('\n');
    const findings = view.findings
      .map((f) => `<li>${escapeHtml(f.message)}${f.status === 'resolved' ? '（已解决）' : ''}${f.response ? `<div class="muted">乡镇答复：${escapeHtml(f.response)}</div>` : ''}</li>`)
      .join('');
    const plans = (items: ChecklistView['planItemsDue']) =>
      items.map((p) => `<li>${escapeHtml(p.text)} <span class="tag">${escapeHtml(PLAN_STATUS_ZH[p.status])}</span>${p.overrideReason ? `<div class="muted">人工判定理由：${escapeHtml(p.overrideReason)}</div>` : ''}</li>`).join('');
    const problems = (items: ChecklistView['problems']['reportedThisYear']) =>
      items.map((p) => `<li>${escapeHtml(p.text)} <span class="tag">${escapeHtml(PROBLEM_STATUS_ZH[p.status])}</span></li>`).join('');
    const section = (title: string, body: string) => `<h2>${title}</h2>${body ? `<ul>${body}</ul>` : '<p class="muted">无</p>'}`;

    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(view.township.name)} ${view.year} 年度法治政府建设检查报告</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
  h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #999; }
  .meta { color: #555; } .score { font-size: 1.3em; font-weight: bold; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; font-size: .92em; }
  th { background: #eee; } td.status { white-space: nowrap; text-align: center; } ul { margin: 0; padding-left: 1.2em; }
  .muted { color: #666; font-size: .9em; } .tag { border: 1px solid #999; border-radius: 3px; padding: 0 4px; font-size: .85em; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } @page { size: A4; margin: 15mm; } }
</style>
</head>
<body>
<h1>${escapeHtml(view.township.name)} ${view.year} 年度法治政府建设检查报告</h1>
<p class="meta">${escapeHtml(countyName)} · 模板 ${escapeHtml(view.template.year)} 年第 ${escapeHtml(view.template.version)} 版 · 生成于 ${escapeHtml(generatedAt.toISOString().slice(0, 10))}</p>
<p class="score">${view.score === null ? NOT_SUBMITTED_ZH : `得分 ${escapeHtml(view.score)} / 100`}　（${met} / ${view.items.length} 项已佐证或认可）</p>
<h2>检查项</h2>
<table><thead><tr><th style="width:24%">义务</th><th style="width:8%">状态</th><th>佐证引文</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${section('发现的问题', findings)}
${section(`上年度报告对 ${view.year} 年的计划及完成情况`, plans(view.planItemsDue))}
${section(`本年度报告提出的 ${view.year + 1} 年计划`, plans(view.planItemsMade))}
${section('本年度报告自述的问题', problems(view.problems.reportedThisYear))}
${section('上年度报告自述问题的整改情况', problems(view.problems.reportedLastYear))}
</body>
</html>
`;
  }
}
