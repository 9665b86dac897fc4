import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { CountyMatrix } from '../matrix/matrix.service';
import { ITEM_STATUS_LABELS } from './status-labels';

const FIXED_HEADERS = ['乡镇（街道）', '得分', '排名'];
export const NOT_SUBMITTED_LABEL = '未报送';

/** The county matrix as a spreadsheet people open in Excel or WPS: XLSX with colours, or CSV with a BOM. */
@Injectable()
export class MatrixExportService {
  headers(matrix: CountyMatrix): string[] {
    return [...FIXED_HEADERS, ...matrix.obligations.map((o) => o.name)];
  }

  rows(matrix: CountyMatrix): (string | number)[][] {
    // A township that has not reported reads 未报送, never a score of 0 tied with a real zero.
    return matrix.townships.map((t) => [
      t.townshipName,
      t.score ?? NOT_SUBMITTED_LABEL,
      t.rank ?? '',
      ...matrix.obligations.map((o) => ITEM_STATUS_LABELS[t.statuses[o.id]].zh),
    ]);
  }

  async xlsx(matrix: CountyMatrix): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'Fazhi Checklist';
    book.created = new Date();
    const sheet = book.addWorksheet(`${matrix.year}年度检查矩阵`, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    const headers = this.headers(matrix);
    sheet.addRow(headers);
    for (const row of this.rows(matrix)) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
    sheet.getColumn(1).width = 16;
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
    matrix.coverage.forEach((c, i) => coverage.addRow([matrix.obligations[i].name, c.met, c.applicable, c.share]));
    coverage.getColumn(1).width = 40;
    coverage.getColumn(4).numFmt = '0.0%';
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** UTF-8 with a BOM (Excel otherwise reads it as the local code page), CRLF line ends, RFC 4180 quoting. */
  csv(matrix: CountyMatrix): Buffer {
    const lines = [this.headers(matrix), ...this.rows(matrix)].map((row) => row.map(csvCell).join(','));
    return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
  }
}

function csvCell(value: string | number): string {
  let s = String(value);
  // A leading = + - @ would run as a formula in Excel.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
