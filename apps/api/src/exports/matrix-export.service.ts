import { NOT_SUBMITTED_ZH } from '@app/domain/labels';
import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isItemMet } from '@app/domain';
import { currentReportIds } from '@app/persistence';
import type { CountyMatrix, MatrixRow } from '../matrix/matrix.service';
import { guardCell } from './formula-guard';
import { ITEM_STATUS_LABELS } from './status-labels';

const FIXED_HEADERS = ['乡镇（街道）', '得分', '排名', '覆盖率', '未关闭问题', '逾期计划事项', '最近提交日期'];

/** Per township, what an auditor asked to see next to the score. */
export interface TownshipFigures {
  /** Share of the applicable (not waived) obligations met, 0–1; null without a checklist. */
  coverage: number | null;
  openFindings: number;
  /** Commitments due in this year (plan items of last year's current report) judged overdue, as the checklist view shows them. */
  overduePlanItems: number;
  /** The day of the township's latest submission for the year (local date), or null. */
  lastSubmittedOn: string | null;
}

type Cell = string | number | null;
export const NOT_SUBMITTED_LABEL = NOT_SUBMITTED_ZH;

/** The county matrix as a spreadsheet people open in Excel or WPS: XLSX with colours, or CSV with a BOM. */
@Injectable()
export class MatrixExportService {
  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  headers(matrix: CountyMatrix): string[] {
    return [...FIXED_HEADERS, ...matrix.obligations.map((o) => o.name)];
  }

  async figures(matrix: CountyMatrix): Promise<Map<string, TownshipFigures>> {
    const ids = matrix.townships.map((t) => t.townshipId);
    const m = this.dataSource.manager;
    // The commitments due in the year are the plan items of year − 1's current report (a re-upload supersedes the
    // earlier file), as the checklist view lists them; overdue is their stored status, which the recompute judges
    // (libs/domain judgePlanItem, an auditor's override winning) and the daily reminder run keeps up with the date.
    const madeIn = [...(await currentReportIds(m, ids, matrix.year - 1)).values()];
    const overdue: { township_id: string; n: number }[] = madeIn.length
      ? await m.query(
          `SELECT township_id, count(*)::int AS n FROM plan_items
            WHERE submission_id = ANY($1::uuid[]) AND plan_year = $2 AND status = 'overdue'
            GROUP BY township_id`,
          [madeIn, matrix.year],
        )
      : [];
    const latest: { township_id: string; day: string }[] = ids.length
      ? await m.query(
          `SELECT township_id, to_char(max(submitted_at) AT TIME ZONE $3, 'YYYY-MM-DD') AS day FROM submissions
            WHERE township_id = ANY($1) AND year = $2 GROUP BY township_id`,
          [ids, matrix.year, this.config.timeZone],
        )
      : [];
    return new Map(
      matrix.townships.map((t) => [
        t.townshipId,
        {
          coverage: coverageOf(t, matrix),
          openFindings: t.openFindings,
          overduePlanItems: overdue.find((o) => o.township_id === t.townshipId)?.n ?? 0,
          lastSubmittedOn: latest.find((l) => l.township_id === t.townshipId)?.day ?? null,
        },
      ]),
    );
  }

  async rows(matrix: CountyMatrix): Promise<Cell[][]> {
    const figures = await this.figures(matrix);
    return matrix.townships.map((t) => {
      const f = figures.get(t.townshipId)!;
      return [
        t.townshipName,
        // A township that has not reported reads 未报送, never a score of 0 tied with a real zero.
        t.score ?? NOT_SUBMITTED_LABEL,
        t.rank ?? '',
        f.coverage,
        f.openFindings,
        f.overduePlanItems,
        f.lastSubmittedOn,
        ...matrix.obligations.map((o) => ITEM_STATUS_LABELS[t.statuses[o.id]].zh),
      ];
    });
  }

  async xlsx(matrix: CountyMatrix): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'Fazhi Checklist';
    book.created = new Date();
    const sheet = book.addWorksheet(`${matrix.year}年度检查矩阵`, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    const headers = this.headers(matrix);
    sheet.addRow(headers.map(guardCell));
    for (const row of await this.rows(matrix)) sheet.addRow(row.map(guardCell));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
    sheet.getColumn(1).width = 16;
    sheet.getColumn(FIXED_HEADERS.indexOf('覆盖率') + 1).numFmt = '0.0%';
    sheet.getColumn(FIXED_HEADERS.indexOf('最近提交日期') + 1).width = 14;
    for (let c = FIXED_HEADERS.length + 1; c <= headers.length; c++) sheet.getColumn(c).width = 14;
    matrix.townships.forEach((t, r) => {
      matrix.obligations.forEach((o, c) => {
        const cell = sheet.getCell(r + 2, FIXED_HEADERS.length + c + 1);
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ITEM_STATUS_LABELS[t.statuses[o.id]].argb } };
        cell.alignment = { horizontal: 'center' };
      });
    });
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };

    const coverage = book.addWorksheet('覆盖率');
    coverage.addRow(['义务', '达标乡镇数', '适用乡镇数', '覆盖率']);
    coverage.getRow(1).font = { bold: true };
    matrix.coverage.forEach((c, i) => coverage.addRow([guardCell(matrix.obligations[i].name), c.met, c.applicable, c.share]));
    coverage.getColumn(1).width = 40;
    coverage.getColumn(4).numFmt = '0.0%';
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** UTF-8 with a BOM (Excel otherwise reads it as the local code page), CRLF line ends, RFC 4180 quoting. */
  async csv(matrix: CountyMatrix): Promise<Buffer> {
    const coverageColumn = FIXED_HEADERS.indexOf('覆盖率');
    const rows = (await this.rows(matrix)).map((row) => row.map((v, i) => (i === coverageColumn && typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : v)));
    const lines = [this.headers(matrix), ...rows].map((row) => row.map(csvCell).join(','));
    return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
  }
}

function coverageOf(t: MatrixRow, matrix: CountyMatrix): number | null {
  if (!t.checklistId) return null;
  const statuses = matrix.obligations.map((o) => t.statuses[o.id]).filter((s) => s !== 'waived');
  if (!statuses.length) return null;
  return Math.round((statuses.filter((s) => isItemMet(s)).length / statuses.length) * 1000) / 1000;
}

function csvCell(value: Cell): string {
  const s = value === null ? '' : String(guardCell(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
