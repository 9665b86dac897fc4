import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { writeZip } from '../../../test/support/zip-writer';
import { apiToken, expect, shot, signIn, test, townshipIds } from './fixtures';

const seeds = path.resolve(__dirname, '../../../seeds/reports');
const csv = (rows: string[][]) => Buffer.from(['乡镇,年度,文件名,报送日期,公开日期', ...rows.map((r) => r.join(','))].join('\r\n'), 'utf8');
// 插甸镇's report, written as its 2022 report: a year the demo has no report of.
const chadian2022 = Buffer.from(readFileSync(path.join(seeds, '002_38540c76edfe7120.txt'), 'utf8').replace(/2026/g, '2023').replace(/2025/g, '2022'), 'utf8');
const jinma2023 = readFileSync(path.join(seeds, '000_cd09f5d6f779e604.txt'));

test('auditor: imports a past report from a ZIP with a manifest — template, per-row check, then import', async ({ page, request }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '历史报告导入' }).click();
  await expect(page.getByRole('heading', { name: '历史报告导入' })).toBeVisible();

  // The manifest template: an Excel sheet with the Chinese headers.
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载清单模板/ }).click()]);
  expect(template.suggestedFilename()).toBe('历史报告导入清单模板.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await template.path());
  expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['乡镇', '年度', '文件名', '报送日期', '公开日期', '公开网址']);
  await shot(page, 'report-import-1366');

  // A manifest with a township the county does not have: checked row by row, nothing can be imported yet.
  const files = [
    { name: '插甸镇2022年报告.txt', data: chadian2022 },
    { name: '金马镇2023年报告.txt', data: jinma2023 },
  ];
  const withError = writeZip([
    { name: '清单.csv', data: csv([['插甸镇', '2022', '插甸镇2022年报告.txt', '2023-02-20', '2023-02-25'], ['金马镇', '2023', '金马镇2023年报告.txt', '2024-01-02', ''], ['某某镇', '2022', '插甸镇2022年报告.txt', '2023-02-20', '']]) },
    ...files,
  ]);
  const input = page.locator('input[type="file"]');
  await input.setInputFiles({ name: '历史报告.zip', mimeType: 'application/zip', buffer: withError });
  await expect(page.getByTestId('import-summary')).toContainText('清单共 3 行：可导入 1 行，已提交过 1 行，有误 1 行');
  const rows = page.locator('tr.ant-table-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('可导入');
  await expect(rows.nth(1)).toContainText('已提交过');
  await expect(rows.nth(1)).toContainText('该文件已提交过，不再重复导入');
  await expect(rows.nth(2)).toContainText('有误');
  await expect(rows.nth(2)).toContainText('本县没有名为“某某镇”的乡镇（街道）');
  await expect(rows.nth(2)).toContainText('与第 2 行是同一个文件');
  await expect(page.getByRole('button', { name: /导入 1 份报告/ })).toBeDisabled();
  await page.waitForTimeout(300);
  await shot(page, 'report-import-check-1366');

  // Corrected: the row removed. Checked again, then imported.
  const corrected = writeZip([
    { name: '清单.csv', data: csv([['插甸镇', '2022', '插甸镇2022年报告.txt', '2023-02-20', '2023-02-25'], ['金马镇', '2023', '金马镇2023年报告.txt', '2024-01-02', '']]) },
    ...files,
  ]);
  await input.setInputFiles({ name: '历史报告（改）.zip', mimeType: 'application/zip', buffer: corrected });
  await expect(page.getByTestId('import-summary')).toContainText('清单共 2 行：可导入 1 行，已提交过 1 行');
  await page.getByRole('button', { name: /导入 1 份报告/ }).click();
  await expect(page.getByTestId('import-summary')).toContainText('已导入 1 份报告，正在排队分析；1 行的文件此前已提交过，未重复导入');
  await expect(rows.nth(0)).toContainText('已导入');
  await shot(page, 'report-import-done-1366');

  // Filed with the dates of the manifest.
  const chadian = (await townshipIds(request)).get('插甸镇')!;
  const token = await apiToken(request, 'auditor');
  const list = await (await request.get(`/api/townships/${chadian}/submissions?year=2022`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(list.map((s: { fileName: string; submittedAt: string; publishedAt: string }) => [s.fileName, s.submittedAt, s.publishedAt])).toEqual([
    ['插甸镇2022年报告.txt', '2023-02-20T04:00:00.000Z', '2023-02-25'],
  ]);
});

test("admin: picks a county on 历史报告导入; the check reads the manifest against that county's townships", async ({ page, request }) => {
  // A second county with one township, made through the api as an admin would (reused when the stack is reused);
  // codes of digits, as the admin's pages show them and every word there is Chinese.
  const admin = { Authorization: `Bearer ${await apiToken(request, 'admin')}` };
  const name = '青山县（测试）'; // sorts after the demo county, which stays the admin's default elsewhere
  let county = ((await (await request.get('/api/counties', { headers: admin })).json()) as { id: string; name: string }[]).find((c) => c.name === name);
  if (!county) {
    const made = await request.post('/api/counties', { headers: admin, data: { code: String(Date.now()), name } });
    expect(made.ok()).toBe(true);
    county = await made.json();
  }
  const towns = (await (await request.get(`/api/townships?countyId=${county!.id}`, { headers: admin })).json()) as { name: string }[];
  if (!towns.some((t) => t.name === '青石镇'))
    expect((await request.post('/api/townships', { headers: admin, data: { countyId: county!.id, code: String(Date.now() + 1), name: '青石镇', level: 'town' } })).ok()).toBe(true);

  await signIn(page, 'admin');
  await expect(page).toHaveURL(/\/overview/);
  await page.goto('/report-import');
  await expect(page.getByRole('heading', { name: '历史报告导入' })).toBeVisible();
  // The demo county first; then the admin picks the other one.
  await expect(page.getByText('第二步：上传压缩包（示范县（演示））')).toBeVisible();
  await page.getByLabel('县（区）').click();
  await page.locator(`.ant-select-item-option[title="${name}"]`).click();
  await expect(page).toHaveURL(new RegExp(`county=${county!.id}`));
  await expect(page.getByText(`第二步：上传压缩包（${name}）`)).toBeVisible();

  // The same manifest names a township of each county: only the chosen county's is importable.
  const zip = writeZip([
    { name: '清单.csv', data: csv([['青石镇', '2022', '青石镇2022年报告.txt', '2023-02-20', ''], ['金马镇', '2022', '金马镇2022年报告.txt', '2023-02-21', '']]) },
    { name: '青石镇2022年报告.txt', data: chadian2022 },
    { name: '金马镇2022年报告.txt', data: Buffer.concat([jinma2023, Buffer.from('\n（另一稿）\n', 'utf8')]) },
  ]);
  await page.locator('input[type="file"]').setInputFiles({ name: '青山县历史报告.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByTestId('import-summary')).toContainText('清单共 2 行：可导入 1 行，有误 1 行');
  const rows = page.locator('tr.ant-table-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('青石镇');
  await expect(rows.nth(0)).toContainText('2022年');
  await expect(rows.nth(0)).toContainText('2023年2月20日'); // the manifest's date, as a person writes it
  await expect(rows.nth(0)).toContainText('可导入');
  await expect(rows.nth(1)).toContainText('有误');
  await expect(rows.nth(1)).toContainText('本县没有名为“金马镇”的乡镇（街道）');
  await expect(page.getByRole('button', { name: /导入 1 份报告/ })).toBeDisabled();
  await shot(page, 'report-import-admin-county-1366');

  // Another county picked: the verdicts of the first are cleared, not shown under the other county's name.
  await page.getByLabel('县（区）').click();
  await page.locator('.ant-select-item-option[title="示范县（演示）"]').click();
  await expect(page.getByTestId('import-summary')).toHaveCount(0);
});
