import ExcelJS from 'exceljs';
import { MANIFEST_COLUMNS } from './import-manifest';

export const MANIFEST_TEMPLATE_NAME = '历史报告导入清单模板.xlsx';

/**
 * The manifest a county office fills in: the column headers on the first sheet (left empty, so nothing is imported
 * by mistake) and, on a second sheet, how to fill them in with an example row.
 */
export async function manifestTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('清单');
  const headers = Object.values(MANIFEST_COLUMNS);
  sheet.addRow(headers);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c, i) => (c.width = [14, 8, 40, 14, 14, 40][i]));
  // Typed dates stay as text the api reads (2024-03-28); Excel dates are read too.
  for (const col of [4, 5]) sheet.getColumn(col).numFmt = 'yyyy-mm-dd';
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const help = book.addWorksheet('填写说明');
  help.columns = [{ width: 14 }, { width: 90 }];
  const lines: [string, string][] = [
    ['列', '说明'],
    ['乡镇', '乡镇（街道）名称，与系统“乡镇与账号”中的名称一致，例如 金马镇'],
    ['年度', '报告所属年度，四位数字，例如 2023'],
    ['文件名', '报告文件在压缩包中的名称（含扩展名），例如 金马镇2023年法治政府建设年度报告.docx；放在文件夹中时可写 文件夹/文件名'],
    ['报送日期', '实际报送县司法局的日期，例如 2024-01-20（按此判断是否逾期）'],
    ['公开日期', '向社会公开的日期，可不填'],
    ['公开网址', '公开的网址（http:// 或 https:// 开头），可不填'],
    ['', ''],
    ['示例', '金马镇 | 2023 | 金马镇2023年法治政府建设年度报告.docx | 2024-01-20 | 2024-02-05 | https://www.example.gov.cn/…'],
    ['打包', '将本清单（另存为 .xlsx 或 .csv）与各份报告放入同一个 ZIP 压缩包，先“检查”再“导入”；有错误的行须改正后重新导入'],
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
