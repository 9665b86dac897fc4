import ExcelJS from 'exceljs';
import { decodeText } from '@app/report-analyzer';
import { BadRequestError } from '../common/domain-error';

/** The manifest's columns, as a county office names them; 公开日期 and 公开网址 may be left empty. */
export const MANIFEST_COLUMNS = {
  township: '乡镇',
  year: '年度',
  fileName: '文件名',
  submittedAt: '报送日期',
  publishedAt: '公开日期',
  publishedUrl: '公开网址',
} as const;
type Column = keyof typeof MANIFEST_COLUMNS;
const REQUIRED: Column[] = ['township', 'year', 'fileName', 'submittedAt'];

/** One row of the manifest as written (trimmed text; dates as YYYY-MM-DD when the cell is an Excel date). */
export interface ManifestRow {
  /** The row number a person sees in Excel or a text editor (the header is row 1 when it is the first line). */
  line: number;
  township: string;
  year: string;
  fileName: string;
  submittedAt: string;
  publishedAt: string;
  publishedUrl: string;
}

/** A manifest file: an .xlsx sheet (the first one) or a .csv / .tsv text (UTF-8 or GBK, comma or tab separated). */
export const isManifestPath = (path: string): boolean => /\.(xlsx|csv|tsv)$/i.test(path);

export async function readManifest(path: string, bytes: Buffer): Promise<ManifestRow[]> {
  const table = /\.xlsx$/i.test(path) ? await xlsxTable(bytes, path) : textTable(bytes, path);
  const headerIndex = table.findIndex((cells) => cells.some((c) => c === MANIFEST_COLUMNS.township) && cells.some((c) => c === MANIFEST_COLUMNS.fileName));
  const found = headerIndex >= 0 ? table[headerIndex] : [];
  const missing = REQUIRED.filter((c) => !found.includes(MANIFEST_COLUMNS[c])).map((c) => MANIFEST_COLUMNS[c]);
  if (missing.length) {
    throw new BadRequestError(
      'IMPORT_MANIFEST_COLUMNS',
      `清单“${path}”缺少列：${missing.join('、')}。表头须包含 乡镇、年度、文件名、报送日期（公开日期、公开网址可选），请下载清单模板填写`,
    );
  }
  const at = Object.fromEntries((Object.keys(MANIFEST_COLUMNS) as Column[]).map((c) => [c, found.indexOf(MANIFEST_COLUMNS[c])])) as Record<Column, number>;
  const rows: ManifestRow[] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i];
    if (cells.every((c) => c === '')) continue;
    const get = (c: Column) => (at[c] >= 0 ? cells[at[c]] ?? '' : '');
    rows.push({ line: i + 1, township: get('township'), year: get('year'), fileName: get('fileName'), submittedAt: get('submittedAt'), publishedAt: get('publishedAt'), publishedUrl: get('publishedUrl') });
  }
  if (!rows.length) throw new BadRequestError('IMPORT_MANIFEST_EMPTY', `清单“${path}”中没有数据行，请每份报告填写一行`);
  return rows;
}

/** The first worksheet as text cells; an Excel date cell becomes YYYY-MM-DD (exceljs gives it as UTC midnight). */
async function xlsxTable(bytes: Buffer, path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new BadRequestError('IMPORT_MANIFEST_UNREADABLE', `清单“${path}”不是可读取的 Excel（.xlsx）文件，请在 Excel 或 WPS 中另存为 .xlsx 后重新打包`);
  }
  const sheet = book.worksheets[0];
  const table: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      const v = cell.value as unknown;
      const result = v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v;
      cells.push(result instanceof Date ? result.toISOString().slice(0, 10) : (cell.text ?? '').trim());
    }
    table[n - 1] = cells;
  });
  return Array.from(table, (r) => r ?? []);
}

/** CSV or TSV text in the encodings the text uploads accept (UTF-8 with or without BOM, GBK, UTF-16). */
function textTable(bytes: Buffer, path: string): string[][] {
  let text: string;
  try {
    text = decodeText(bytes).text.replace(/^\uFEFF/, '');
  } catch {
    throw new BadRequestError('IMPORT_MANIFEST_UNREADABLE', `清单“${path}”的文字编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV 文件`);
  }
  const firstLine = text.split(/\r?\n/, 1)[0];
  const separator = /\.tsv$/i.test(path) || (firstLine.includes('\t') && !firstLine.includes(',')) ? '\t' : ',';
  return parseDelimited(text, separator).map((r) => r.map((c) => c.trim()));
}

/** RFC 4180 fields: quoted fields may hold separators, line breaks and doubled quotes. */
export function parseDelimited(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A calendar date as people write it in a sheet — 2024-03-28, 2024/3/28, 2024.3.28, 2024年3月28日 — as YYYY-MM-DD,
 * or null when it is not a real date.
 */
export function parseManifestDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The year column: 2023, 2023年 or 2023年度. */
export function parseManifestYear(text: string): number | null {
  const m = /^(\d{4})\s*(年度?)?$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}
