import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(__dirname, 'cli.ts');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });

describe('analyze CLI', () => {
  jest.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyze-cli-'));
  const good = path.join(dir, 'jinshan-2023.txt');
  const empty = path.join(dir, 'empty.txt');
  fs.writeFileSync(good, '金山镇2023年法治政府建设工作报告\n一、主要举措和成效\n成立法治建设领导小组,聘请常年法律顾问2名。\n二、存在的不足\n执法力量薄弱。\n三、2024年工作计划\n开展培训不少于6次。');
  fs.writeFileSync(empty, '');

  it('writes one JSON per input, reports failures per file and exits non-zero', () => {
    const out = path.join(dir, 'out');
    const r = run(['--out', out, good, empty]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${empty}: EMPTY_FILE`);
    const a = JSON.parse(fs.readFileSync(path.join(out, 'jinshan-2023.json'), 'utf8'));
    expect(a.township.name).toBe('金山镇');
    expect(a.metrics[0]).toMatchObject({ obligationId: 'government_legal_counsel', key: 'counsel_count', value: 2 });
    expect(fs.existsSync(path.join(out, 'empty.json'))).toBe(false);
  });

  it('--stdout prints one analysis and exits 0', () => {
    const r = run(['--stdout', good]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).reportYear).toBe(2023);
  });

  it('reads every format the worker reads, and names a refused file in Chinese', () => {
    const fixtures = path.join(__dirname, '../test-fixtures');
    for (const [file, format] of [['report.doc', 'doc'], ['report.wps', 'wps'], ['report.ofd', 'ofd'], ['report.docx', 'docx'], ['report.pdf', 'pdf']]) {
      const r = run(['--stdout', path.join(fixtures, file)]);
      expect(r.status).toBe(0);
      const a = JSON.parse(r.stdout);
      expect([a.source.format, a.township.name]).toEqual([format, '青山镇']);
    }
    const refused = run(['--stdout', path.join(fixtures, 'sheet.xls')]);
    expect(refused.status).toBe(1);
    // A failure after a parser child was used still exits 1 (ending the child must not end the CLI early).
    const mixed = run(['--out', path.join(dir, 'mixed'), path.join(fixtures, 'report.doc'), path.join(fixtures, 'sheet.xls')]);
    expect(mixed.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'mixed', 'report.json'))).toBe(true);
    expect(refused.stderr).toContain('sheet.xls: UNSUPPORTED_FORMAT');
    expect(refused.stderr).toContain('被识别为旧版 Excel 表格（.xls）');
  });

  it('bad usage exits 2', () => {
    expect(run([good]).status).toBe(2);
  });
});
