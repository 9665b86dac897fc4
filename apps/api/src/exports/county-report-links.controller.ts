import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { County, hasTemplateOfYear } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { safeFileName } from '../common/attachment';
import { BadRequestError } from '../common/domain-error';
import { CurrentUser, Public, Roles, type Principal } from '../common/principal';
import { CountyId } from '../matrix/matrix.controller';
import { MatrixService } from '../matrix/matrix.service';
import { CountyReportPdfService } from './county-report.pdf';
import { CountyReportService, countyReportTitle, linkErrorPage } from './county-report.service';
import { CreateReportLinkDto, ReportLinkDto } from './dto/report-link.dto';
import { ReportLinkSigner } from './report-link.signer';

const DAY_MS = 24 * 3600 * 1000;
const PUBLIC_PATH = '/api/public/county-reports';
const RENDER_CACHE_MS = 60_000;
const RENDER_CACHE_MAX = 50;
/** The page needs its own inline styles and nothing else: no scripts, no requests, never framed. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiTags('exports')
@Controller()
export class CountyReportLinksController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly matrix: MatrixService,
    private readonly report: CountyReportService,
    private readonly pdf: CountyReportPdfService,
    private readonly signer: ReportLinkSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('counties/:id/report-links')
  @Roles('admin', 'auditor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: '生成全县年度检查汇总的分享链接（签名、限时，无需登录即可打开；记入审计日志）',
    description: '返回的链接打开可打印的汇总页（页眉、各乡镇得分或“未报送”、覆盖率、未关闭问题、逾期计划事项、盖章处、页码）。链接以 HMAC 签名，过期或被改动即失效。',
  })
  @ApiCreatedResponse({ type: ReportLinkDto })
  async create(@CurrentUser() user: Principal, @Param('id', CountyId) id: string, @Body() dto: CreateReportLinkDto, @Req() req: Request): Promise<ReportLinkDto> {
    const county = await this.scope.county(user, id);
    if (!(await hasTemplateOfYear(this.dataSource.manager, id, dto.year))) {
      throw new BadRequestError('NO_TEMPLATE_FOR_YEAR', `${dto.year}年度没有检查模板，无法生成汇总报告`);
    }
    const expiresAt = new Date(Date.now() + (dto.expiresInDays ?? 14) * DAY_MS);
    const token = this.signer.sign({ countyId: id, year: dto.year, expiresAt });
    const path = `${PUBLIC_PATH}/${token}`;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, user, {
        action: 'county.report_link.create',
        entityType: 'county',
        entityId: id,
        countyId: id,
        after: { year: dto.year, expiresAt: expiresAt.toISOString(), link: this.signer.fingerprint(token) },
      }),
    );
    const base = this.config.reportLinks.publicBaseUrl ?? `${req.protocol}://${req.get('host')}`;
    return { url: `${base}${path}`, path, year: dto.year, expiresAt, fileName: `${countyReportTitle(county.name, dto.year)}.${this.pdf.available ? 'pdf' : 'html'}` };
  }

  /**
   * A link may be opened by many people at once, and a PDF takes a second or two of CPU: a rendering is shared by the
   * requests for the same link for a minute (concurrent ones wait for the one rendering), at most 50 kept.
   */
  private readonly cache = new Map<string, { at: number; body: Promise<Buffer> }>();

  private rendered(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < RENDER_CACHE_MS) return hit.body;
    for (const [k, v] of this.cache) if (now - v.at >= RENDER_CACHE_MS || this.cache.size >= RENDER_CACHE_MAX) this.cache.delete(k);
    const body = render();
    this.cache.set(key, { at: now, body });
    body.catch(() => this.cache.delete(key));
    return body;
  }

  @Get('public/county-reports/:token')
  @Public()
  @ApiOperation({
    summary: '打开全县年度检查汇总（凭签名链接，无需登录）：PDF（format=html 时为可打印 HTML）；download=1 时作为文件下载',
    description: '文件名如“某县2023年度法治政府建设检查汇总.pdf”。服务器没有中文字体（fonts-noto-cjk 或 REPORT_PDF_FONT）时改为提供可打印 HTML。链接被改动或无效时返回 404 中文页面，过期时返回 410 中文页面。',
  })
  @ApiParam({ name: 'token', description: '生成链接时返回的签名令牌' })
  @ApiQuery({ name: 'format', required: false, enum: ['pdf', 'html'], description: '缺省 pdf' })
  @ApiQuery({ name: 'download', required: false, description: '为 1 时以附件方式下载' })
  @ApiProduces('application/pdf', 'text/html')
  @ApiResponse({ status: 200, description: '汇总报告（application/pdf 或 text/html）' })
  @ApiResponse({ status: 404, description: '链接无效（中文页面）' })
  @ApiResponse({ status: 410, description: '链接已过期（中文页面）' })
  @HttpCode(200)
  async open(@Param('token') token: string, @Query('format') format: string | undefined, @Query('download') download: string | undefined, @Res() res: Response): Promise<void> {
    const now = new Date();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', REPORT_CSP);
    const check = this.signer.verify(token, now);
    if (!check.ok && check.reason === 'expired') {
      res.type('text/html; charset=utf-8').status(410);
      res.send(linkErrorPage('链接已过期', `该汇总报告链接已于${check.claims.expiresAt.toLocaleString('zh-CN', { timeZone: this.config.timeZone, hour12: false })}过期，请联系县司法局重新发送链接。`));
      return;
    }
    const county = check.ok ? await this.dataSource.getRepository(County).findOneBy({ id: check.claims.countyId }) : null;
    if (!check.ok || !county) {
      res.type('text/html; charset=utf-8').status(404);
      res.send(linkErrorPage('链接无效', '该链接不完整、已被改动或所指的报告不存在。请核对链接是否完整复制，或联系县司法局重新发送。'));
      return;
    }
    const asPdf = format !== 'html' && this.pdf.available;
    const ext = asPdf ? 'pdf' : 'html';
    const body = await this.rendered(`${county.id}:${check.claims.year}:${check.claims.expiresAt.getTime()}:${ext}`, async () => {
      const matrix = await this.matrix.buildFor(county, check.claims.year);
      const model = await this.report.model(matrix, { generatedAt: now, expiresAt: check.claims.expiresAt });
      return asPdf ? this.pdf.render(model) : Buffer.from(this.report.html(model), 'utf8');
    });
    const name = safeFileName(`${countyReportTitle(county.name, check.claims.year)}.${ext}`);
    res.setHeader('Content-Disposition', contentDisposition(name, { type: download === '1' ? 'attachment' : 'inline', fallback: `county-report-${check.claims.year}.${ext}` }));
    if (asPdf) {
      // A page CSP (helmet's or ours) can keep a browser's built-in PDF viewer from showing the file; a PDF runs no script of ours.
      res.removeHeader('Content-Security-Policy');
      res.type('application/pdf').status(200).send(body);
    } else {
      res.type('text/html; charset=utf-8').status(200).send(body);
    }
  }
}
