import request from 'supertest';
import { parse } from 'content-disposition';
import { formatDateZh, todayIn } from '@app/domain';
import { AuditLog } from '@app/persistence';
import { closePdfWorker } from '@app/report-analyzer';
import { readPdfTextLayer } from '@app/report-analyzer/extract/pdf-text-worker';
import { rebuildPdfText } from '@app/report-analyzer/extract/pdf-to-text';
import { ReportLinkSigner } from '../../apps/api/src/exports/report-link.signer';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(60_000);

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('printable county report by a signed link', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });
  const create = (token: string | null, body: object, countyId = w.counties.A.id) =>
    request(t.http).post(`/api/counties/${countyId}/report-links`).set(as(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await closePdfWorker();
    await t?.close();
  });

  it('gives the auditor a link that opens without login: a PDF named in Chinese with header, every township, seal and page numbers', async () => {
    const made = await create(w.tokens.audA, { year: YEAR, expiresInDays: 7 }).expect(201);
    expect(made.body.fileName).toBe(`甲县${YEAR}年度法治政府建设检查汇总.pdf`);
    expect(made.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/public\/county-reports\/[\w-]+\.[\w-]+$/);
    const days = (new Date(made.body.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    // No authorization header at all.
    const res = await binary(request(t.http).get(made.body.path)).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const cd = parse(res.headers['content-disposition']);
    expect(cd.type).toBe('inline');
    expect(cd.parameters.filename).toBe(`甲县${YEAR}年度法治政府建设检查汇总.pdf`);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    // The text as a PDF reader extracts it: the Chinese came through the embedded font, not as boxes.
    const layer = await readPdfTextLayer(new Uint8Array(res.body), { maxPages: 50, timeoutMs: 30_000 });
    const totalPages = layer.numPages;
    const text = layer.pages.map((items) => rebuildPdfText({ numPages: 1, pages: [items] }));
    const all = text.join('\n');
    const compact = all.replace(/\s+/g, '');
    expect(compact.startsWith(`甲县司法局甲县${YEAR}年度法治政府建设检查汇总检查年度：${YEAR}年度日期：${formatDateZh(todayIn('Asia/Shanghai', new Date()))}`)).toBe(true);
    for (const name of ['A1镇', 'A2镇', 'A1备用镇', 'A2备用镇']) expect(all).toContain(name);
    expect(all).not.toContain('B1镇');
    expect(all).toContain('未报送');
    expect(all).toContain('已报送 2 个，未报送 2 个');
    expect(all).toContain('盖章处');
    text.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 页，共 ${totalPages} 页`));

    const download = await binary(request(t.http).get(`${made.body.path}?download=1`)).expect(200);
    expect(parse(download.headers['content-disposition']).type).toBe('attachment');

    // Audited when created, without the link itself.
    const audit = await t.ds.getRepository(AuditLog).find({ where: { action: 'county.report_link.create', countyId: w.counties.A.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: w.users.audA.id, after: { year: YEAR, expiresAt: made.body.expiresAt } });
    expect(JSON.stringify(audit[0])).not.toContain(made.body.path.split('/').pop());
  });

  it('serves the same report as print-ready HTML on request: @page counters for page numbers, the seal, every township', async () => {
    const made = await create(w.tokens.audA, { year: YEAR, expiresInDays: 3 }).expect(201);
    const res = await request(t.http).get(`${made.body.path}?format=html`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(parse(res.headers['content-disposition']).parameters.filename).toBe(`甲县${YEAR}年度法治政府建设检查汇总.html`);
    const html: string = res.text;
    expect(html).toContain('<div class="issuer">甲县司法局</div>');
    expect(html).toContain(`<h1>甲县${YEAR}年度法治政府建设检查汇总</h1>`);
    expect(html).toMatch(/日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(html).toContain('盖章处');
    expect(html).toMatch(/@page\s*\{[^}]*@bottom-center\s*\{\s*content:\s*"第 " counter\(page\) " 页，共 " counter\(pages\) " 页"/);
    for (const name of ['A1镇', 'A2镇', 'A1备用镇', 'A2备用镇']) expect(html).toContain(`<td>${name}</td>`);
    expect(html).not.toContain('B1镇');
    expect(html).toMatch(/<td>A1备用镇<\/td><td class="num">未报送<\/td>/);
    expect(html).toMatch(/<td>A1镇<\/td><td class="num">\d+(\.\d+)?<\/td><td class="num">1<\/td>/);
  });

  it('refuses a tampered link with a Chinese 404 page and an expired one with a Chinese 410 page', async () => {
    const made = await create(w.tokens.admin, { year: YEAR, expiresInDays: 1 }).expect(201);
    const token: string = made.body.path.split('/').pop();
    const [payload, signature] = token.split('.');

    // Another county's id or another year in the payload, the signature kept.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    for (const forged of [{ ...claims, c: w.counties.B.id }, { ...claims, y: YEAR - 1 }, { ...claims, e: claims.e + 365 * 86400 }]) {
      const res = await request(t.http).get(`/api/public/county-reports/${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`).expect(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('链接无效');
      expect(res.text).not.toContain('甲县');
    }
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect((await request(t.http).get(`/api/public/county-reports/${payload}.${flipped}`).expect(404)).text).toContain('链接无效');
    await request(t.http).get('/api/public/county-reports/not-a-link').expect(404);

    // Genuinely signed, past its expiry.
    const signer = t.app.get(ReportLinkSigner);
    const expired = signer.sign({ countyId: w.counties.A.id, year: YEAR, expiresAt: new Date(Date.now() - 60_000) });
    const gone = await request(t.http).get(`/api/public/county-reports/${expired}`).expect(410);
    expect(gone.text).toContain('链接已过期');
    expect(gone.text).toContain('请联系县司法局重新发送');
    expect(gone.text).not.toContain('A1镇');
  });

  it('is for admins and the county auditor only, for a year with a template, within 1–90 days', async () => {
    await create(w.tokens.audB, { year: YEAR, expiresInDays: 7 }).expect(404);
    await create(w.tokens.townA1, { year: YEAR, expiresInDays: 7 }).expect(403);
    await create(null, { year: YEAR, expiresInDays: 7 }).expect(401);
    const noTemplate = await create(w.tokens.audA, { year: 2001, expiresInDays: 7 }).expect(400);
    expect(noTemplate.body.error).toMatchObject({ code: 'NO_TEMPLATE_FOR_YEAR', message: '2001年度没有检查模板，无法生成汇总报告' });
    const tooLong = await create(w.tokens.audA, { year: YEAR, expiresInDays: 365 }).expect(400);
    expect(tooLong.body.error.message).toContain('有效天数不能大于 90');
  });
});
