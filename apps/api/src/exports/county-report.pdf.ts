import { Inject, Injectable, Logger } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import PDFDocument from 'pdfkit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OBLIGATION_COLUMNS, TOWNSHIP_COLUMNS, type CountyReportModel } from './county-report.service';

/** Where Debian's fonts-noto-cjk (installed by .ci/run and the Dockerfile) and other distributions put Noto Sans CJK. */
const FONT_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/truetype/noto'];
/** The Simplified Chinese face inside the Noto Sans CJK collections. */
const TTC_FACES = { regular: 'NotoSansCJKsc-Regular', bold: 'NotoSansCJKsc-Bold' };

interface FontFace {
  data: Buffer;
  /** The face to take from a .ttc collection. */
  family?: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 50, bottom: 60, left: 42, right: 42 };
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const RED = '#b00000';

/**
 * The county report as a PDF (pdfkit, fonts embedded as subsets, so it prints the same everywhere): the bureau's
 * header, the per-township table repeated under its column heads on every page, coverage per obligation, the list of
 * townships that have not reported, a seal block (盖章处), and "第 x 页，共 n 页" on every page. Needs a CJK font:
 * REPORT_PDF_FONT, else Noto Sans CJK from the system (Debian package fonts-noto-cjk); without one `available` is false
 * and the link serves the print-ready HTML instead.
 */
@Injectable()
export class CountyReportPdfService {
  private readonly logger = new Logger(CountyReportPdfService.name);
  private fonts: { regular: FontFace; bold: FontFace } | null | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get available(): boolean {
    return this.loadFonts() !== null;
  }

  private loadFonts(): { regular: FontFace; bold: FontFace } | null {
    if (this.fonts !== undefined) return this.fonts;
    const face = (file: string, family: string): FontFace => ({ data: readFileSync(file), family: /\.ttc$/i.test(file) ? family : undefined });
    const configured = this.config.reportLinks.pdfFont;
    if (configured) {
      if (!existsSync(configured)) throw new Error(`REPORT_PDF_FONT ${configured} does not exist`);
      const regular = face(configured, TTC_FACES.regular);
      this.fonts = { regular, bold: /Regular/.test(configured) && existsSync(configured.replace('Regular', 'Bold')) ? face(configured.replace('Regular', 'Bold'), TTC_FACES.bold) : regular };
      return this.fonts;
    }
    for (const dir of FONT_DIRS) {
      const regular = path.join(dir, 'NotoSansCJK-Regular.ttc');
      if (!existsSync(regular)) continue;
      const bold = path.join(dir, 'NotoSansCJK-Bold.ttc');
      this.fonts = { regular: face(regular, TTC_FACES.regular), bold: existsSync(bold) ? face(bold, TTC_FACES.bold) : face(regular, TTC_FACES.regular) };
      return this.fonts;
    }
    // Any other Simplified Chinese font fontconfig knows (.ttf/.otf, or a collection face by its PostScript name).
    const listed = systemChineseFont();
    if (listed) {
      const regular = { data: readFileSync(listed.file), family: /\.ttc$/i.test(listed.file) ? listed.postscriptName : undefined };
      this.fonts = { regular, bold: regular };
      return this.fonts;
    }
    this.logger.warn('no CJK font for the county report PDF (install fonts-noto-cjk or set REPORT_PDF_FONT): links serve print-ready HTML');
    this.fonts = null;
    return null;
  }

  async render(r: CountyReportModel): Promise<Buffer> {
    const fonts = this.loadFonts();
    if (!fonts) throw new Error('no CJK font for the county report PDF');
    const doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: { Title: r.title, Author: r.issuer, Subject: `${r.year}年度法治政府建设检查汇总`, Creator: '法治政府建设检查系统' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    doc.registerFont('cjk', fonts.regular.data, fonts.regular.family);
    doc.registerFont('cjk-bold', fonts.bold.data, fonts.bold.family);
    const bottom = () => doc.page.height - MARGIN.bottom;

    // Header: the bureau in red over a red rule, the title, the year, template and date.
    doc.font('cjk-bold').fontSize(22).fillColor(RED).text(r.issuer, MARGIN.left, MARGIN.top, { width: WIDTH, align: 'center', characterSpacing: 3 });
    const ruleY = doc.y + 4;
    doc.moveTo(MARGIN.left, ruleY).lineTo(MARGIN.left + WIDTH, ruleY).lineWidth(1.5).strokeColor(RED).stroke();
    doc.font('cjk-bold').fontSize(16).fillColor('#000').text(r.title, MARGIN.left, ruleY + 14, { width: WIDTH, align: 'center' });
    doc.moveDown(0.3);
    doc.font('cjk').fontSize(10).fillColor('#444').text(`检查年度：${r.year}年度　　日期：${r.dateZh}`, { width: WIDTH, align: 'center' });
    doc.fontSize(9).text(r.templateLine, { width: WIDTH, align: 'center' });

    // The summary in a box.
    doc.font('cjk').fontSize(10).fillColor('#111');
    const boxY = doc.y + 12;
    const summaryHeight = doc.heightOfString(r.summary, { width: WIDTH - 16 });
    doc.rect(MARGIN.left, boxY, WIDTH, summaryHeight + 12).lineWidth(0.6).strokeColor('#999').stroke();
    doc.text(r.summary, MARGIN.left + 8, boxY + 6, { width: WIDTH - 16 });
    doc.y = boxY + summaryHeight + 12;

    const heading = (text: string) => {
      if (doc.y + 60 > bottom()) doc.addPage();
      doc.font('cjk-bold').fontSize(12).fillColor('#000').text(text, MARGIN.left, doc.y + 14, { width: WIDTH });
      doc.y += 6;
    };
    const table = (columns: string[], widths: number[], rows: { cells: string[]; fill?: string }[]) => {
      const row = (cells: string[], header: boolean, fill?: string) => {
        doc.font(header ? 'cjk-bold' : 'cjk').fontSize(9);
        const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 8 }))) + 8;
        if (doc.y + height > bottom()) {
          doc.addPage();
          if (!header) row(columns, true, '#eeeeee');
          doc.font(header ? 'cjk-bold' : 'cjk').fontSize(9);
        }
        const y = doc.y;
        let x = MARGIN.left;
        cells.forEach((c, i) => {
          if (fill) doc.rect(x, y, widths[i], height).fillColor(fill).fill();
          doc.rect(x, y, widths[i], height).lineWidth(0.5).strokeColor('#777').stroke();
          doc.fillColor('#111').text(c, x + 4, y + 4, { width: widths[i] - 8, align: i === 1 ? 'left' : 'center' });
          x += widths[i];
        });
        doc.x = MARGIN.left;
        doc.y = y + height;
      };
      row(columns, true, '#eeeeee');
      for (const r of rows) row(r.cells, false, r.fill);
    };

    heading('一、各乡镇（街道）检查结果');
    table(TOWNSHIP_COLUMNS, scale([28, 112, 52, 38, 52, 58, 68, 88]), r.townships.map((t) => ({ cells: t.cells, fill: t.notReported ? '#fbeaea' : undefined })));

    heading('二、各项检查义务达标情况');
    if (r.obligations.length) table(OBLIGATION_COLUMNS, scale([28, 271, 72, 72, 68]), r.obligations.map((cells) => ({ cells })));
    else doc.font('cjk').fontSize(10).fillColor('#111').text('本年度尚无检查义务。', MARGIN.left, doc.y, { width: WIDTH });

    heading('三、未报送年度报告的乡镇（街道）');
    doc.font('cjk').fontSize(10).fillColor('#111').text(r.notReported.length ? r.notReported.join('、') : '无', MARGIN.left, doc.y, { width: WIDTH });

    // The seal block, bottom right, kept on one page.
    if (doc.y + 200 > bottom()) doc.addPage();
    const cx = MARGIN.left + WIDTH - 100;
    const top = doc.y + 30;
    doc.font('cjk').fontSize(11).fillColor('#111').text(r.issuer, cx - 100, top, { width: 200, align: 'center' });
    const cy = top + 80;
    doc.circle(cx, cy, 58).lineWidth(0.8).dash(3, { space: 3 }).strokeColor('#999').stroke().undash();
    doc.font('cjk').fontSize(11).fillColor('#999').text('盖章处', cx - 50, cy - 7, { width: 100, align: 'center' });
    doc.font('cjk').fontSize(11).fillColor('#111').text(r.dateZh, cx - 100, cy + 66, { width: 200, align: 'center' });
    doc.font('cjk').fontSize(8.5).fillColor('#555').text(r.note, MARGIN.left, cy + 100, { width: WIDTH });

    // 第 x 页，共 n 页 on every page, in the bottom margin.
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc.page.margins.bottom = 0;
      doc.font('cjk').fontSize(9).fillColor('#444').text(`第 ${i + 1} 页，共 ${range.count} 页`, MARGIN.left, doc.page.height - 38, { width: WIDTH, align: 'center', lineBreak: false });
      doc.page.margins.bottom = MARGIN.bottom;
    }
    doc.end();
    return done;
  }
}

/** Column widths scaled to the text width. */
function scale(widths: number[]): number[] {
  const sum = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => (w * WIDTH) / sum);
}

/** Regular Simplified Chinese sans faces first; bold, monospaced and other-region faces last. */
const rank = (name: string) => Number(/bold|black|heavy|light|thin|medium/i.test(name)) * 4 + Number(/mono/i.test(name)) * 2 + Number(!/(?:sc|gb|hans|cn)(?=-|$)/i.test(name));

/** The first font fontconfig lists for zh-cn (fc-list, when installed), as file and PostScript name. */
export function systemChineseFont(): { file: string; postscriptName: string } | null {
  try {
    const out = execFileSync('fc-list', ['--format', '%{file}\t%{postscriptname}\n', ':lang=zh-cn'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    const candidates = out
      .split('\n')
      .map((line) => /^(.+?)\t(.+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => !!m && /\.(ttf|otf|ttc)$/i.test(m[1]) && existsSync(m[1]))
      .map((m) => ({ file: m[1], postscriptName: m[2].trim() }))
      .sort((a, b) => rank(a.postscriptName) - rank(b.postscriptName) || a.file.localeCompare(b.file));
    return candidates[0] ?? null;
  } catch {
    return null;
  }
}
