import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { AuditLog, Submission, repoRoot, seedReportPath } from '@app/persistence';
import { ReferenceDataService } from '../../apps/api/src/setup/reference-data.service';
import { truncateAll } from '../support/test-db';
import { writeZip } from '../support/zip-writer';
import { buildWorker } from '../worker/worker-process';
import { flushPrefix, testEnv } from '../worker/worker-harness';
import { createTestApp, type TestApp } from './app-harness';

jest.setTimeout(300_000);

const CLI = 'dist/apps/api/src/cli/import-reports.js';

/** `npm run import-reports`: the operators' import of a folder, through the api's import service. */
describe('import-reports command', () => {
  let t: TestApp;
  let dir: string;
  const prefix = 'importcli';
  const env = () => ({ ...process.env, ...testEnv(prefix, { JWT_SECRET: 'x'.repeat(32), FILE_STORAGE_DIR: t.filesDir }) });
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: repoRoot(), env: env(), encoding: 'utf8', timeout: 120_000 });
  const folder = (name: string, manifest: string) => {
    const d = path.join(dir, name);
    mkdirSync(path.join(d, '历史报告'), { recursive: true });
    writeFileSync(path.join(d, '清单.csv'), iconv.encode(manifest, 'gbk'));
    writeFileSync(path.join(d, '历史报告', '金马镇2023年报告.txt'), readFileSync(seedReportPath('000_cd09f5d6f779e604.txt')));
    writeFileSync(path.join(d, '.DS_Store'), 'x');
    return d;
  };

  beforeAll(async () => {
    buildWorker();
    t = await createTestApp({ DEMO_MODE: 'true', DEMO_PASSWORD: 'demo-password-for-tests' });
    await truncateAll(t.ds);
    await t.app.get(ReferenceDataService).seed();
    dir = mkdtempSync(path.join(tmpdir(), 'fz-import-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
    await flushPrefix(`${process.env.TEST_QUEUE_PREFIX}_${prefix}`);
  });

  it('checks a folder (dry run), refuses a wrong row with exit code 1 and files nothing, then imports with the manifest\'s dates under the named account', async () => {
    const good = folder('good', '乡镇,年度,文件名,报送日期,公开日期\r\n金马镇,2023,金马镇2023年报告.txt,2024-01-02,2024-01-02\r\n');
    const dry = run('--county', 'demo', '--as', 'auditor', '--dry-run', good);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual(['第 2 行  金马镇 2023 金马镇2023年报告.txt：可导入', '检查：可导入 1 行，已提交过 0 行，有误 0 行（未导入）']);

    const bad = folder('bad', '乡镇,年度,文件名,报送日期\r\n金马镇,2023,金马镇2023年报告.txt,2024-01-02\r\n某某镇,2023,没有的文件.txt,2024-01-02\r\n');
    const refused = run('--county', 'demo', '--as', 'auditor', bad);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('第 3 行  某某镇 2023 没有的文件.txt：有误  IMPORT_UNKNOWN_TOWNSHIP 本县没有名为“某某镇”的乡镇（街道）');
    expect(refused.stderr.trim()).toBe('import-reports: 清单中有 1 行有误（第 3 行），未导入任何报告；请改正后重新导入');
    expect(await t.ds.getRepository(Submission).count()).toBe(0);

    const done = run('--county', 'demo', '--as', 'auditor', good);
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/^第 2 行 {2}金马镇 2023 金马镇2023年报告\.txt：已导入（[0-9a-f-]{36}）\n已导入 1 份，已提交过 0 份\n$/);
    const [row] = await t.ds.getRepository(Submission).find();
    expect(row).toMatchObject({ fileName: '金马镇2023年报告.txt', year: 2023, publishedAt: '2024-01-02' });
    expect(row.submittedAt.toISOString()).toBe('2024-01-02T04:00:00.000Z');
    expect(await t.ds.getRepository(AuditLog).findOneBy({ action: 'submission.import' })).toMatchObject({ actorLabel: 'auditor' });

    // A ZIP is read from disk the same way (the manifest in GBK, the report in a folder): already on record now.
    const zip = path.join(dir, '历史报告.zip');
    writeFileSync(zip, writeZip([
      { name: '清单.csv', data: readFileSync(path.join(good, '清单.csv')) },
      { name: '历史报告/金马镇2023年报告.txt', data: readFileSync(path.join(good, '历史报告', '金马镇2023年报告.txt')) },
    ]));
    const again = run('--county', 'demo', '--as', 'auditor', '--dry-run', zip);
    expect(again.stderr).toBe('');
    expect(again.stdout.trim().split('\n')).toEqual(['第 2 行  金马镇 2023 金马镇2023年报告.txt：已提交过  该文件已提交过，不再重复导入', '检查：可导入 0 行，已提交过 1 行，有误 0 行（未导入）']);

    expect(run('--county', 'demo', '--as', 'jinma', good)).toMatchObject({ status: 1, stderr: 'import-reports: 账号“jinma”既不是管理员，也不是示范县（演示）的审核人员\n' });
    expect(run('--county', 'demo', good).stderr).toContain('缺少 --as');
  });
});
