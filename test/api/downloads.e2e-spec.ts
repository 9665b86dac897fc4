import request from 'supertest';
import { parse } from 'content-disposition';
import ExcelJS from 'exceljs';
import { Submission, Township } from '@app/persistence';
import { createTestApp, type TestApp } from './app-harness';
import { YEAR, buildWorld, type World } from './world';

jest.setTimeout(60_000);

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('files handed back', () => {
  let t: TestApp;
  let w: World;
  const as = (token: string | null) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t?.close());

  it('serves an uploaded HTML page as a download of octet-stream, under a sanitised name, never as HTML', async () => {
    const html = Buffer.from('<html><body><script>alert(1)</script><p>金马镇2023年法治政府建设年度报告。一、主要举措。</p></body></html>');
    const name = '../金马镇\u202Elmth.exe\u200B.html';
    const up = await request(t.http).post(`/api/townships/${w.owned.A1.township.id}/submissions`).set(as(w.tokens.townA1))
      .field('year', String(YEAR)).field('kind', 'evidence').field('checklistItemId', w.owned.A1.item.id).attach('file', html, { filename: name, contentType: 'text/html' }).expect(202);
    const row = await t.ds.getRepository(Submission).findOneByOrFail({ id: up.body.id });
    expect(row.fileName).toBe('金马镇lmth.exe.html');

    const res = await binary(request(t.http).get(`/api/submissions/${up.body.id}/file`).set(as(w.tokens.audA))).expect(200);
    expect(Buffer.compare(res.body, html)).toBe(0);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const cd = res.headers['content-disposition'];
    expect(cd).toMatch(/^attachment;/);
    expect(cd).toContain("filename*=UTF-8''");
    expect(parse(cd).parameters.filename).toBe('金马镇lmth.exe.html');
    expect(cd).not.toMatch(/%E2%80%AE|\u202E/i);
  });

  it('serves a stored name with bidi and path characters sanitised, with the type detected at upload', async () => {
    // A row written before names were cleaned at upload: the download still cleans it.
    await t.ds.getRepository(Submission).update({ id: w.owned.A1.submission.id }, { fileName: '../报告\u202Etxt.exe', mediaType: 'text/html' });
    const res = await binary(request(t.http).get(`/api/submissions/${w.owned.A1.submission.id}/file`).set(as(w.tokens.townA1))).expect(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(parse(res.headers['content-disposition']).parameters.filename).toBe('..报告txt.exe'.replace(/^\.+/, ''));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends exports as attachments with filename* too', async () => {
    const res = await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.csv?year=${YEAR}`).set(as(w.tokens.audA)).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;.*filename\*=UTF-8''/);
    expect(parse(res.headers['content-disposition']).parameters.filename).toBe(`甲县-${YEAR}年度检查矩阵.csv`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('neutralises formula-like township names in CSV and XLSX exports (OWASP, full-width and leading blanks too)', async () => {
    const names = ['=HYPERLINK("http://evil","点我")', ' =1+1', '\u3000@SUM(A1)', '＝1+1', '－2', '\t+3'];
    const townships = await t.ds.getRepository(Township).find({ where: { countyId: w.counties.A.id }, order: { code: 'ASC' } });
    for (const [i, tw] of townships.entries()) await t.ds.getRepository(Township).update({ id: tw.id }, { name: names[i] });
    const used = names.slice(0, townships.length);

    const csv = await request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.csv?year=${YEAR}`).set(as(w.tokens.audA)).expect(200);
    const firstField = (line: string) => (line.startsWith('"') ? /^"((?:[^"]|"")*)"/.exec(line)![1].replace(/""/g, '"') : line.split(',')[0]);
    const firstCells = csv.text.replace(/^\uFEFF/, '').split('\r\n').slice(1, -1).map(firstField);
    expect(firstCells.sort()).toEqual(used.map((n) => `'${n}`).sort());

    const xlsx = await binary(request(t.http).get(`/api/counties/${w.counties.A.id}/matrix.xlsx?year=${YEAR}`).set(as(w.tokens.audA))).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.worksheets[0];
    const cells: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) cells.push(String(row.getCell(1).value)); });
    expect(cells.sort()).toEqual(used.map((n) => `'${n}`).sort());
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
