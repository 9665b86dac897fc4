import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import request from 'supertest';
import { AuditLog, FileStore, Submission, Township, seedReportPath } from '@app/persistence';
import { writeZip, type ZipEntryInput } from '../support/zip-writer';
import { startDemoCountyWithWorker, type DemoCountyWithWorker } from './demo-county-with-worker';
import type { TestApp } from './app-harness';

jest.setTimeout(180_000);

const seed = (n: number) => readFileSync(seedReportPath(['000_cd09f5d6f779e604.txt', '001_5e85f3a6cf9c8b4e.txt', '002_38540c76edfe7120.txt', '003_14bbf9e2bea6a5e5.txt'][n]));
const gbk = (s: string) => iconv.encode(s, 'gbk');
type Cell = string | number | Date;

async function xlsx(rows: Cell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('清单');
  sheet.addRow(['乡镇', '年度', '文件名', '报送日期', '公开日期']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** A Windows executable: a type no upload accepts. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0)]);

/** Issue 14: a county loads its past annual reports from a ZIP and a manifest, with their real dates. */
describe('importing past reports', () => {
  let t: TestApp;
  let demo: DemoCountyWithWorker;
  let auditor: string;
  let admin: string;
  let town: string;
  let countyId: string;
  let spoolDir: string;
  let leftAtStart: string[];
  const as = (token: string) => demo.as(token);
  /** The ZIPs spooled to disk and not yet deleted. */
  const spooled = () => readdirSync(t.config.imports.tmpDir);
  const post = (zip: Buffer | null, token = auditor, dryRun = false, county = countyId) => {
    const r = request(t.http).post(`/api/counties/${county}/report-imports${dryRun ? '?dryRun=true' : ''}`).set(as(token));
    return zip ? r.attach('file', zip, '历史报告.zip') : r;
  };
  const until = async <T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000): Promise<T> => {
    const deadline = Date.now() + ms;
    let v = await what();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      v = await what();
    }
    return v;
  };

  beforeAll(async () => {
    // The spool folder as a crashed api left it: an import's ZIP from two days ago, and one just begun by another api.
    spoolDir = mkdtempSync(path.join(tmpdir(), 'fz-import-spool-'));
    writeFileSync(path.join(spoolDir, 'crashed'), 'x');
    utimesSync(path.join(spoolDir, 'crashed'), new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    writeFileSync(path.join(spoolDir, 'in-progress'), 'x');
    // A 1 MB cap on the ZIP, so a test can pass it.
    demo = await startDemoCountyWithWorker({ IMPORT_MAX_BYTES: String(1024 * 1024), UPLOAD_TMP_DIR: spoolDir });
    leftAtStart = readdirSync(spoolDir);
    rmSync(path.join(spoolDir, 'in-progress'));
    t = demo.t;
    auditor = await demo.login('auditor');
    admin = await demo.login('admin');
    town = await demo.login('jinma');
    countyId = (await request(t.http).get('/api/me').set(as(auditor)).expect(200)).body.countyId;
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('deletes at start-up the ZIPs a crashed import left in the spool folder, not those of an import under way', () => {
    expect(leftAtStart).toEqual(['in-progress']);
  });

  it('offers the manifest template as an Excel sheet with the Chinese headers', async () => {
    const res = await request(t.http).get('/api/report-imports/manifest-template').set(as(auditor)).buffer(true)
      .parse((r, cb) => { const c: Buffer[] = []; r.on('data', (d: Buffer) => c.push(d)); r.on('end', () => cb(null, Buffer.concat(c))); }).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('历史报告导入清单模板.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['清单', '填写说明']);
    expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['乡镇', '年度', '文件名', '报送日期', '公开日期', '公开网址']);
    expect(book.worksheets[0].rowCount).toBe(1);
    await request(t.http).get('/api/report-imports/manifest-template').set(as(town)).expect(403);
  });

  it('checks every row first (dry run) and says in Chinese what is wrong with each; files in the archive no row names are listed', async () => {
    const entries: ZipEntryInput[] = [
      {
        name: '清单.xlsx',
        data: await xlsx([
          ['金马镇', 2023, '金马镇2023年报告.txt', day('2024-01-02'), day('2024-01-02')],
          ['鳌头镇', '2023年度', '鳌头镇报告.txt', '2024/5/10', ''],
          ['某某镇', 2023, '其他.txt', '2024-01-05', ''],
          ['黄柏乡', 2031, '黄柏乡.txt', '2024-01-05', ''],
          ['插甸镇', 2023, '缺失.txt', '2024-01-05', ''],
          ['万兴街道', 2023, '金马镇2023年报告.txt', '2024-01-05', ''],
          ['插甸镇', 2022, '插甸镇.txt', '2024-13-01', ''],
          ['万兴街道', 2022, '万兴.exe', '2023-03-15', ''],
          ['黄柏乡', 2023, '黄柏乡2023.txt', '2022-12-01', ''],
        ]),
      },
      { name: '金马镇2023年报告.txt', data: seed(0) },
      // Made on Chinese Windows: the name in CP936, no UTF-8 flag, in a folder.
      { name: gbk('历史报告\\鳌头镇报告.txt'), data: seed(3) },
      { name: '其他.txt', data: Buffer.from('某某镇2023年法治政府建设年度报告', 'utf8') },
      { name: '黄柏乡2023.txt', data: Buffer.concat([seed(1), Buffer.from('\n')]) },
      { name: '黄柏乡.txt', data: seed(1) },
      { name: '插甸镇.txt', data: seed(2) },
      { name: '万兴.exe', data: EXE },
      { name: '说明.txt', data: Buffer.from('本压缩包为示范县历史报告', 'utf8') },
    ];
    const res = await post(writeZip(entries), auditor, true).expect(200);
    expect(spooled()).toEqual([]);
    expect(res.body).toMatchObject({ dryRun: true, imported: false, countyId, manifest: '清单.xlsx', unlistedFiles: ['说明.txt'] });
    const rows = res.body.rows.map((r: any) => ({ line: r.line, status: r.status, codes: r.errors.map((e: any) => e.code) }));
    expect(rows).toEqual([
      { line: 2, status: 'ready', codes: [] },
      { line: 3, status: 'ready', codes: [] },
      { line: 4, status: 'error', codes: ['IMPORT_UNKNOWN_TOWNSHIP'] },
      { line: 5, status: 'error', codes: ['YEAR_IN_FUTURE'] },
      { line: 6, status: 'error', codes: ['IMPORT_FILE_MISSING'] },
      { line: 7, status: 'error', codes: ['IMPORT_DUPLICATE_ROW'] },
      { line: 8, status: 'error', codes: ['IMPORT_BAD_DATE'] },
      { line: 9, status: 'error', codes: ['UNDECODABLE_TEXT'] },
      { line: 10, status: 'error', codes: ['INVALID_SUBMITTED_AT'] },
    ]);
    expect(res.body.counts).toEqual({ ready: 2, already_imported: 0, error: 7, imported: 0 });
    const [jinma, aotou, unknown, future, missing, dup, badDate, exe, early] = res.body.rows;
    expect(jinma).toMatchObject({ township: '金马镇', year: 2023, submittedAt: '2024-01-02', publishedAt: '2024-01-02', archivePath: '金马镇2023年报告.txt', warnings: [] });
    expect(aotou).toMatchObject({ year: 2023, submittedAt: '2024-05-10', publishedAt: null, archivePath: '历史报告/鳌头镇报告.txt' });
    expect(unknown.errors[0].message).toBe('本县没有名为“某某镇”的乡镇（街道），请按“乡镇与账号”中的名称填写');
    expect(future.errors[0].message).toMatch(/^不能提交 2031 年度的材料：该年度尚未开始/);
    expect(missing.errors[0].message).toBe('压缩包中没有文件“缺失.txt”，请检查文件名（含扩展名）是否与压缩包中的一致');
    expect(dup.errors[0].message).toBe('与第 2 行是同一个文件');
    expect(badDate.errors[0].message).toBe('报送日期“2024-13-01”不是有效的日期，请写成 2024-03-28 的格式');
    expect(exe.errors[0].message).toContain('万兴.exe');
    expect(early.errors[0].message).toMatch(/^报送日期须在 2023-01-01 至今天（\d{4}-\d{2}-\d{2}）之间$/);

    // The import itself files nothing while any row is wrong.
    const refused = await post(writeZip(entries)).expect(422);
    expect(refused.body.error.code).toBe('IMPORT_ROWS_INVALID');
    expect(refused.body.error.message).toBe('清单中有 7 行有误（第 4、5、6、7、8、9、10 行），未导入任何报告；请改正后重新导入');
    expect(refused.body.error.details.rows).toHaveLength(9);
    expect(await t.ds.getRepository(Submission).count()).toBe(0);
    expect(spooled()).toEqual([]);
  });

  it('imports the rows of a GBK CSV manifest with their real dates, queued for analysis; an on-time report is not late, a late one is', async () => {
    const csv = '乡镇,年度,文件名,报送日期,公开日期,公开网址\r\n金马镇,2023,金马镇2023年报告.txt,2024-01-02,2024-01-02,https://www.example.gov.cn/jinma/2023\r\n鳌头镇,2023,历史报告/鳌头镇报告.txt,2024-05-10,,\r\n';
    const zip = writeZip([
      { name: gbk('清单.csv'), data: gbk(csv) },
      { name: '金马镇2023年报告.txt', data: seed(0) },
      { name: gbk('历史报告/鳌头镇报告.txt'), data: seed(3) },
    ]);
    const checked = await post(zip, auditor, true).expect(200);
    expect(checked.body.counts).toEqual({ ready: 2, already_imported: 0, error: 0, imported: 0 });
    const res = await post(zip).expect(201);
    expect(spooled()).toEqual([]);
    expect(res.body).toMatchObject({ dryRun: false, imported: true, manifest: '清单.csv', counts: { ready: 0, already_imported: 0, error: 0, imported: 2 } });
    const [jinmaRow, aotouRow] = res.body.rows;
    const jinma = await t.ds.getRepository(Submission).findOneByOrFail({ id: jinmaRow.submissionId });
    // Noon Beijing time on the day the manifest states.
    expect(jinma).toMatchObject({ year: 2023, kind: 'annual_report', fileName: '金马镇2023年报告.txt', publishedAt: '2024-01-02', publishedUrl: 'https://www.example.gov.cn/jinma/2023' });
    expect(jinma.submittedAt.toISOString()).toBe('2024-01-02T04:00:00.000Z');
    const aotou = await t.ds.getRepository(Submission).findOneByOrFail({ id: aotouRow.submissionId });
    expect(aotou.fileName).toBe('鳌头镇报告.txt');
    expect(aotou.submittedAt.toISOString()).toBe('2024-05-10T04:00:00.000Z');
    for (const id of [jinma.id, aotou.id]) expect((await demo.settled(id, auditor, ['analyzed', 'failed', 'rejected_not_report'])).status).toBe('analyzed');

    const late = async (townshipId: string) =>
      (await request(t.http).get(`/api/findings?townshipId=${townshipId}&kind=late_report&year=2023`).set(as(auditor)).expect(200)).body.items;
    const aotouLate = await until(() => late(aotou.townshipId), (f) => f.length > 0 && f[0].details?.submittedOn === '2024-05-10');
    expect(aotouLate).toHaveLength(1);
    expect(aotouLate[0].details.submittedOn).toBe('2024-05-10');
    // The checklist recompute that judges lateness has run for 金马镇 once its matrix row has a score.
    const matrixRow = async () => (await request(t.http).get(`/api/counties/${countyId}/matrix?year=2023`).set(as(auditor)).expect(200)).body.townships.find((r: any) => r.townshipId === jinma.townshipId);
    expect((await until(matrixRow, (r) => r.score !== null)).score).not.toBeNull();
    expect(await late(jinma.townshipId)).toEqual([]);

    const logs = await t.ds.getRepository(AuditLog).findBy({ action: 'submission.import' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ actorLabel: 'auditor', entityType: 'county', entityId: countyId, countyId });
    expect(logs[0].after).toMatchObject({ manifest: '清单.csv', counts: { imported: 2 } });
    expect(await t.ds.getRepository(AuditLog).countBy({ action: 'submission.create' })).toBe(2);

    // The same archive again files nothing twice.
    const again = await post(zip).expect(201);
    expect(again.body.rows.map((r: any) => [r.status, r.submissionId])).toEqual([['already_imported', jinma.id], ['already_imported', aotou.id]]);
    expect(await t.ds.getRepository(Submission).count()).toBe(2);
  });

  it('is for the county\'s auditors and admins', async () => {
    const zip = writeZip([{ name: '清单.csv', data: Buffer.from('乡镇,年度,文件名,报送日期\n金马镇,2023,a.txt,2024-01-02\n') }, { name: 'a.txt', data: seed(0) }]);
    await post(zip, town, true).expect(403);
    const other = await post(zip, auditor, true, randomUUID()).expect(404);
    expect(other.body.error.code).toBe('COUNTY_NOT_FOUND');
    const byAdmin = await post(zip, admin, true).expect(200);
    expect(byAdmin.body.rows[0].status).toBe('already_imported');
  });

  it('refuses archives it cannot trust or use, with a Chinese reason', async () => {
    const code = async (zip: Buffer | null, status: number) => (await post(zip, auditor, true).expect(status)).body.error;
    expect((await code(null, 400)).code).toBe('FILE_REQUIRED');
    expect((await code(Buffer.from('这不是压缩包'), 400)).code).toBe('IMPORT_NOT_A_ZIP');
    const unsafe = await code(writeZip([{ name: '清单.csv', data: Buffer.from('x') }, { name: '../../etc/cron.d/x.txt', data: Buffer.from('x') }]), 400);
    expect(unsafe).toMatchObject({ code: 'IMPORT_UNSAFE_PATH', message: '压缩包中含有不安全的路径“../../etc/cron.d/x.txt”（绝对路径或“..”），已拒绝整个压缩包' });
    expect((await code(writeZip([{ name: 'a.txt', data: seed(0) }]), 400)).code).toBe('IMPORT_MANIFEST_MISSING');
    const two = await code(writeZip([{ name: '清单.csv', data: Buffer.from('x') }, { name: '清单.xlsx', data: Buffer.from('x') }]), 400);
    expect(two).toMatchObject({ code: 'IMPORT_MANIFEST_AMBIGUOUS', message: '压缩包中有多个清单文件（清单.csv、清单.xlsx），请只保留一个' });
    const columns = await code(writeZip([{ name: '清单.csv', data: Buffer.from('乡镇,文件名\n金马镇,a.txt\n') }]), 400);
    expect(columns.message).toBe('清单“清单.csv”缺少列：年度、报送日期。表头须包含 乡镇、年度、文件名、报送日期（公开日期、公开网址可选），请下载清单模板填写');
    expect(spooled()).toEqual([]);
  });

  it('refuses a ZIP over the import cap (IMPORT_MAX_BYTES) with a Chinese reason naming it, and keeps nothing of it', async () => {
    const big = writeZip([{ name: '清单.csv', data: Buffer.from('乡镇,年度,文件名,报送日期\n') }, { name: '扫描件.pdf', data: Buffer.alloc(1024 * 1024 + 1, 0x20) }]);
    const res = await post(big).expect(413);
    expect(res.body.error).toEqual({ code: 'IMPORT_ZIP_TOO_LARGE', status: 413, message: '压缩包超过导入上限（最大 1 MB），请分成几个压缩包分批导入' });
    expect(spooled()).toEqual([]);
  });

  it('reports a row refused at filing time on its row, keeps the rows filed before and after it, and a second send files only the missing rows', async () => {
    const files = ['金马镇2022.txt', '鳌头镇2022.txt', '黄柏乡2022.txt', '插甸镇2022.txt'];
    const data = files.map((_, i) => Buffer.concat([seed(i), Buffer.from(`\n（2022年度）\n`, 'utf8')]));
    const csv = ['乡镇,年度,文件名,报送日期', ...files.map((f) => `${f.slice(0, 3)},2022,${f},2023-02-20`)].join('\r\n');
    const zip = writeZip([{ name: '清单.csv', data: Buffer.from(csv, 'utf8') }, ...files.map((name, i) => ({ name, data: data[i] }))]);
    expect((await post(zip, auditor, true).expect(200)).body.counts).toEqual({ ready: 4, already_imported: 0, error: 0, imported: 0 });
    const before = await t.ds.getRepository(Submission).count();
    const huangbai = await t.ds.getRepository(Township).findOneByOrFail({ name: '黄柏乡' });
    const [, aotouSha, , chadianSha] = data.map((d) => FileStore.sha256(d));

    // 插甸镇's file cannot be stored: where its folder would go there is a file.
    const blocker = path.join(t.filesDir, chadianSha.slice(0, 2), chadianSha.slice(2, 4));
    mkdirSync(path.dirname(blocker), { recursive: true });
    writeFileSync(blocker, 'not a folder');
    // The import is held at 鳌头镇's filing (the intake's per-file lock) — after every row passed the check — while
    // another request disables 黄柏乡.
    const other = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await other.connect();
    let res: request.Response;
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [`file:${aotouSha}`]);
      const importing = post(zip).then((r) => r);
      const waiting = async () =>
        (await other.query(`SELECT 1 FROM pg_locks mine JOIN pg_locks theirs USING (locktype, database, classid, objid, objsubid)
          WHERE mine.pid = pg_backend_pid() AND mine.locktype = 'advisory' AND mine.granted AND NOT theirs.granted`)).rowCount! > 0;
      expect(await until(waiting, (w) => w, 60_000)).toBe(true);
      await request(t.http).post(`/api/townships/${huangbai.id}/disable`).set(as(auditor)).expect(200);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [`file:${aotouSha}`]);
      res = await importing;
    } finally {
      await other.end();
    }
    expect(res.status).toBe(201);
    expect(spooled()).toEqual([]);
    expect(res.body).toMatchObject({ imported: true, counts: { ready: 0, already_imported: 0, error: 2, imported: 2 } });
    expect(res.body.rows.map((r: any) => ({ line: r.line, status: r.status, errors: r.errors }))).toEqual([
      { line: 2, status: 'imported', errors: [] },
      { line: 3, status: 'imported', errors: [] },
      { line: 4, status: 'error', errors: [{ code: 'TOWNSHIP_DISABLED', message: '该乡镇已停用，不能提交材料' }] },
      { line: 5, status: 'error', errors: [{ code: 'IMPORT_FILING_FAILED', message: '保存文件“插甸镇2022.txt”时出错，未导入该行；已导入的行不受影响，请稍后重新导入同一压缩包' }] },
    ]);
    const [jinmaId, aotouId] = res.body.rows.map((r: any) => r.submissionId);
    expect(res.body.rows.map((r: any) => r.submissionId !== null)).toEqual([true, true, false, false]);
    expect(await t.ds.getRepository(Submission).count()).toBe(before + 2);
    // The rows' files stay out of the store (a failed row leaves nothing behind).
    expect(await t.ds.getRepository(Submission).countBy({ sha256: chadianSha })).toBe(0);

    // The county puts things right and sends the same archive again: only the two missing rows are filed.
    rmSync(blocker);
    await request(t.http).post(`/api/townships/${huangbai.id}/enable`).set(as(auditor)).expect(200);
    const again = await post(zip).expect(201);
    expect(spooled()).toEqual([]);
    expect(again.body.rows.map((r: any) => r.status)).toEqual(['already_imported', 'already_imported', 'imported', 'imported']);
    expect(again.body.rows.slice(0, 2).map((r: any) => r.submissionId)).toEqual([jinmaId, aotouId]);
    expect(again.body.counts).toEqual({ ready: 0, already_imported: 2, error: 0, imported: 2 });
    expect(await t.ds.getRepository(Submission).count()).toBe(before + 4);
    const filed = await t.ds.getRepository(Submission).findBy({ year: 2022 });
    expect(filed.map((s) => s.fileName).sort()).toEqual([...files].sort());
  });
});
