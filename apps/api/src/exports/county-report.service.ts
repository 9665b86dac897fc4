import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { formatDateZh, todayIn } from '@app/domain';
import type { CountyMatrix } from '../matrix/matrix.service';
import { MatrixExportService, NOT_SUBMITTED_LABEL } from './matrix-export.service';
import { escapeHtml } from './township-report.service';

/** `某县2023年度法治政府建设检查汇总`: the title, and (with an extension) the file name it is saved under. */
export const countyReportTitle = (countyName: string, year: number) => `${countyName}${year}年度法治政府建设检查汇总`;

export interface CountyReportModel {
  county: string;
  issuer: string;
  year: number;
  title: string;
  dateZh: string;
  templateLine: string;
  summary: string;
  /** 序号, 乡镇（街道）, 得分 or 未报送, 排名, 覆盖率, 未关闭问题, 逾期计划事项, 最近提交日期. */
  townships: { notReported: boolean; cells: string[] }[];
  /** 序号, 检查义务, 达标乡镇数, 适用乡镇数, 覆盖率. */
  obligations: string[][];
  notReported: string[];
  note: string;
}

export const TOWNSHIP_COLUMNS = ['序号', '乡镇（街道）', '得分', '排名', '覆盖率', '未关闭问题', '逾期计划事项', '最近提交日期'];
export const OBLIGATION_COLUMNS = ['序号', '检查义务', '达标乡镇数', '适用乡镇数', '覆盖率'];

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** A Chinese page for a link that cannot be served (tampered, expired, or its county-year gone). */
export function linkErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:36em;margin:4em auto;color:#222;line-height:1.7}h1{font-size:1.4em}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}

/**
 * The county's year on paper, for the bureau to print, seal and file: a self-contained A4 HTML page with the bureau's
 * header, the matrix summary per township (score or 未报送, rank, coverage, open findings, overdue plan items, last
 * submission), coverage per obligation, a seal block (盖章处), and page numbers from CSS @page counters.
 */
@Injectable()
export class CountyReportService {
  constructor(
    private readonly exporter: MatrixExportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What both renderings show, as display strings: one source for the HTML page and the PDF. */
  async model(matrix: CountyMatrix, opts: { generatedAt: Date; expiresAt?: Date }): Promise<CountyReportModel> {
    const figures = await this.exporter.figures(matrix);
    const county = matrix.county.name;
    const reported = matrix.townships.filter((t) => t.reportStatus === 'submitted');
    const missing = matrix.townships.filter((t) => t.reportStatus !== 'submitted');
    const scores = reported.map((t) => t.score).filter((s): s is number => s !== null);
    const average = scores.length ? (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(1) : '—';
    const totalFindings = matrix.townships.reduce((n, t) => n + t.openFindings, 0);
    const totalOverdue = [...figures.values()].reduce((n, f) => n + f.overduePlanItems, 0);
    return {
      county,
      issuer: `${county}司法局`,
      year: matrix.year,
      title: countyReportTitle(county, matrix.year),
      dateZh: formatDateZh(todayIn(this.config.timeZone, opts.generatedAt)),
      templateLine: matrix.template ? `检查模板：${matrix.template.title}（第 ${matrix.template.version} 版）` : '本年度尚无检查模板',
      summary: `全县应报送乡镇（街道）${matrix.townships.length} 个，已报送 ${reported.length} 个，未报送 ${missing.length} 个；已报送乡镇平均得分 ${average}；未关闭问题 ${totalFindings} 个；逾期未完成的计划事项 ${totalOverdue} 项。`,
      townships: matrix.townships.map((t, i) => {
        const f = figures.get(t.townshipId)!;
        const notReported = t.reportStatus !== 'submitted';
        return {
          notReported,
          cells: [
            String(i + 1),
            t.townshipName,
            notReported ? NOT_SUBMITTED_LABEL : String(t.score ?? '—'),
            t.rank === null ? '—' : String(t.rank),
            percent(f.coverage),
            String(f.openFindings),
            String(f.overduePlanItems),
            f.lastSubmittedOn ? formatDateZh(f.lastSubmittedOn) : '—',
          ],
        };
      }),
      obligations: matrix.coverage.map((c, i) => [String(i + 1), matrix.obligations[i].name, String(c.met), String(c.applicable), percent(c.share)]),
      notReported: missing.map((t) => t.townshipName),
      note:
        '说明：得分按检查模板各义务的权重计算；“未报送”表示截至生成日期该乡镇尚未报送本年度法治政府建设报告，不计排名；覆盖率为已佐证或已认可的义务占适用义务的比例。'
        + (opts.expiresAt ? `本文件通过限时链接提供，链接有效期至${formatDateZh(todayIn(this.config.timeZone, opts.expiresAt))}。` : ''),
    };
  }

  async render(matrix: CountyMatrix, opts: { generatedAt: Date; expiresAt?: Date }): Promise<string> {
    return this.html(await this.model(matrix, opts));
  }

  html(r: CountyReportModel): string {
    const cell = (v: string, i: number) => `<td${i === 1 ? '' : ' class="num"'}>${escapeHtml(v)}</td>`;
    const townshipRows = r.townships.map((t) => `<tr${t.notReported ? ' class="not-reported"' : ''}>${t.cells.map(cell).join('')}</tr>`).join('\n');
    const coverageRows = r.obligations.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>${escapeHtml(r.title)}</title>
<style>
  body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", "Songti SC", "Microsoft YaHei", serif; color: #111; margin: 2em auto; max-width: 60em; line-height: 1.6; }
  .issuer { text-align: center; font-size: 1.5em; letter-spacing: .3em; color: #b00; font-weight: bold; border-bottom: 2px solid #b00; padding-bottom: .3em; }
  h1 { text-align: center; font-size: 1.45em; margin: .9em 0 .3em; }
  .meta { text-align: center; color: #444; font-size: .92em; margin: 0; }
  h2 { font-size: 1.1em; margin: 1.4em 0 .5em; break-after: avoid; }
  .summary { border: 1px solid #999; padding: .5em .8em; margin-top: 1.2em; }
  table { border-collapse: collapse; width: 100%; font-size: .9em; }
  th, td { border: 1px solid #777; padding: 3px 6px; vertical-align: top; }
  th { background: #eee; } td.num { text-align: center; white-space: nowrap; }
  tr { break-inside: avoid; } thead { display: table-header-group; }
  tr.not-reported td { background: #fbeaea; }
  .seal { margin-top: 3em; display: flex; justify-content: flex-end; break-inside: avoid; }
  .seal-block { text-align: center; width: 17em; }
  .seal-box { width: 42mm; height: 42mm; margin: .6em auto; border: 1px dashed #999; border-radius: 50%; display: flex; align-items: center; justify-content: center; color: #999; }
  .note { color: #555; font-size: .85em; margin-top: 2em; }
  @page { size: A4; margin: 18mm 15mm 20mm; @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #444; } }
  @media print { body { margin: 0; max-width: none; } .screen-only { display: none; } }
  @media screen { .screen-only { background: #fffbe6; border: 1px solid #e6d48a; padding: .4em .8em; font-size: .9em; } }
</style>
</head>
<body>
<p class="screen-only">使用浏览器的“打印”功能可直接打印，或选择“另存为 PDF”保存（页码自动生成）。</p>
<div class="issuer">${escapeHtml(r.issuer)}</div>
<h1>${escapeHtml(r.title)}</h1>
<p class="meta">检查年度：${r.year}年度　${escapeHtml(r.templateLine)}　日期：${r.dateZh}</p>

<div class="summary">${escapeHtml(r.summary)}</div>

<h2>一、各乡镇（街道）检查结果</h2>
<table>
<thead><tr><th style="width:3em">序号</th><th>乡镇（街道）</th><th>得分</th><th>排名</th><th>覆盖率</th><th>未关闭问题</th><th>逾期计划事项</th><th>最近提交日期</th></tr></thead>
<tbody>
${townshipRows}
</tbody></table>

<h2>二、各项检查义务达标情况</h2>
${coverageRows ? `<table>
<thead><tr><th style="width:3em">序号</th><th>检查义务</th><th>达标乡镇数</th><th>适用乡镇数</th><th>覆盖率</th></tr></thead>
<tbody>
${coverageRows}
</tbody></table>` : '<p>本年度尚无检查义务。</p>'}

<h2>三、未报送年度报告的乡镇（街道）</h2>
<p>${r.notReported.length ? r.notReported.map(escapeHtml).join('、') : '无'}</p>

<div class="seal"><div class="seal-block">
<div>${escapeHtml(r.issuer)}</div>
<div class="seal-box">盖章处</div>
<div>${r.dateZh}</div>
</div></div>

<p class="note">${escapeHtml(r.note)}</p>
</body>
</html>
`;
  }
}
