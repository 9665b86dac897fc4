import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { apiToken, expect, shot, signIn, test } from './fixtures';

const FIVE = ['金马镇', '黄柏乡', '插甸镇', '鳌头镇', '万兴街道'];

test('a wrong password is answered in Chinese', async ({ page }, testInfo) => {
  const started = Date.now();
  await page.goto('/login');
  await expect(page.getByLabel('用户名')).toBeVisible();
  // Time to the first usable page is a measurement, not a timed assertion (machines here are noisy): it is recorded
  // with the run's artifacts and reported in the README.
  testInfo.annotations.push({ type: 'first-page-ms', description: String(Date.now() - started) });
  await signIn(page, 'auditor', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login$/);
  await shot(page, 'login-1366');
});

type MatrixRow = { townshipName: string; latestReportStatus: string | null; reportStatus: string; values: Record<string, number> };
type Matrix = { year: number; townships: MatrixRow[]; obligations: { id: string; name: string; requirement: { kind: string; threshold: number | null; unit: string | null } }[] };

/** The overview's matrix as the api gives it to the auditor (for exact expectations of what the page shows). */
async function auditorMatrix(request: import('@playwright/test').APIRequestContext, year: number): Promise<Matrix> {
  const auth = { Authorization: `Bearer ${await apiToken(request, 'auditor')}` };
  const me = await (await request.get('/api/me', { headers: auth })).json();
  return (await request.get(`/api/counties/${me.countyId}/matrix?year=${year}`, { headers: auth })).json();
}

/** Moves over the heat map's canvas until its tooltip names this township and obligation; returns the tooltip text. */
async function heatMapTooltip(page: Page, township: string, obligation: string): Promise<string> {
  const chart = page.getByTestId('heatmap');
  const box = (await chart.locator('canvas').first().boundingBox())!;
  const tip = async () => (await chart.innerText()).trim();
  let rowY: number | null = null;
  for (let y = box.y + 4; y < box.y + box.height - 60 && rowY === null; y += 5) {
    await page.mouse.move(box.x + box.width * 0.6, y);
    if ((await tip()).split('\n')[0] === township) rowY = y;
  }
  expect(rowY, `a heat map row for ${township}`).not.toBeNull();
  for (let x = box.x + 40; x < box.x + box.width; x += 3) {
    await page.mouse.move(x, rowY!);
    const text = await tip();
    if (text.split('\n')[0] === township && text.includes(obligation)) return text;
  }
  throw new Error(`no heat map cell for ${township} × ${obligation}`);
}

test('auditor: overview, 金马镇, a quote in the original text, rejection in the audit log, XLSX export', async ({ page, request }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole('heading', { name: /总览/ })).toBeVisible();
  // The heat map draws on a canvas; its table alternative lists every township.
  await expect(page.getByTestId('heatmap').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('ranking-chart').locator('canvas').first()).toBeVisible();
  // Townships counted by the state of their latest report, each once, in the words used on every page.
  const matrix = await auditorMatrix(request, 2023);
  const count = (status: string | null) => matrix.townships.filter((r) => r.latestReportStatus === status).length;
  await expect(page.getByTestId('report-count-not_submitted')).toContainText(`未报送${count(null)}`);
  await expect(page.getByTestId('report-count-analyzed')).toContainText(`已分析${count('analyzed')}`);
  await expect(page.getByTestId('report-count-failed')).toContainText(`分析失败${count('failed')}`);
  await expect(page.getByTestId('report-count-queued')).toContainText(`排队中${count('queued')}`);
  await page.waitForTimeout(500);
  await shot(page, 'overview-1366');

  // The tooltip reads every township's measured value from the matrix itself: the last township with one measured.
  const counsel = matrix.obligations.find((o) => o.id === 'village_legal_counsel')!;
  const measuredRow = [...matrix.townships].reverse().find((r) => r.values.village_legal_counsel !== undefined)!;
  const unit = counsel.requirement.unit === 'percent' ? '%' : (counsel.requirement.unit ?? '');
  const expected = `测得 ${measuredRow.values.village_legal_counsel}${unit} / 要求 ≥ ${counsel.requirement.threshold}${unit}`;
  const tooltip = await heatMapTooltip(page, measuredRow.townshipName, counsel.name);
  expect(tooltip).toContain(expected);
  await shot(page, 'overview-tooltip-1366');
  await page.getByText('表格', { exact: true }).click();
  for (const name of FIVE) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(page.getByText('未报送').first()).toBeVisible();
  // The table alternative carries the same value, in its cell and in full in the cell's accessible name.
  await expect(page.getByRole('link', { name: new RegExp(`^${measuredRow.townshipName} 一村（社区）一法律顾问：.+，${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })).toBeVisible();
  await shot(page, 'overview-table-1366');

  await page.getByRole('button', { name: '金马镇', exact: true }).click();
  await expect(page).toHaveURL(/\/townships\/[0-9a-f-]{36}\/2023/);
  await expect(page.getByRole('heading', { name: /金马镇 · 2023年度/ })).toBeVisible();
  await shot(page, 'township-year-1366');

  await page.locator('button[data-obligation="village_legal_counsel"]').click();
  const drawer = page.getByTestId('item-detail');
  await expect(drawer).toBeVisible();
  await expect(page.getByRole('dialog').getByText('一村（社区）一法律顾问').first()).toBeVisible();
  const evidence = drawer.getByTestId('evidence').filter({ has: page.locator('blockquote') }).first();
  const quote = (await evidence.locator('blockquote').innerText()).trim();
  expect(quote.length).toBeGreaterThan(5);
  await shot(page, 'item-1366');

  await evidence.getByRole('link', { name: '在原文中查看' }).click();
  await expect(page).toHaveURL(/\/report\/[0-9a-f-]{36}\?evidence=/);
  const current = page.locator('mark[data-current="true"]');
  await expect(current.first()).toBeInViewport();
  // Exactly the quote is highlighted (in one piece or in pieces where other quotes overlap it) …
  expect((await current.allInnerTexts()).join('')).toBe(quote);
  // … and the report's other quotes are marked too.
  expect(await page.locator('mark.quote-other').count()).toBeGreaterThan(5);
  await shot(page, 'report-text-1366');

  await page.goBack();
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('item-status')).toHaveText('已佐证');
  await drawer.getByRole('button', { name: '驳回' }).click();
  const modal = page.getByRole('dialog', { name: /驳回/ });
  await modal.getByRole('button', { name: '确认驳回' }).click();
  await expect(modal.getByText('驳回须填写理由')).toBeVisible();
  await modal.getByLabel('理由').fill('引文未写明聘请法律顾问的村（社区）数量，请补充聘用合同。');
  await modal.getByRole('button', { name: '确认驳回' }).click();
  await expect(drawer.getByTestId('item-status')).toHaveText('已驳回');
  // The reason shows with the decision, and again in the item's finding (a rejection says why).
  await expect(drawer.getByText('引文未写明聘请法律顾问的村（社区）数量').first()).toBeVisible();

  await page.goto('/audit-log');
  const row = page.locator('tr', { hasText: '驳回检查项' }).first();
  await expect(row).toContainText('金马镇');
  await expect(row).toContainText('状态：已佐证 → 已驳回');
  await shot(page, 'audit-log-1366');

  await page.goto('/overview');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const text = JSON.stringify(workbook.worksheets.map((ws) => ws.getSheetValues()));
  for (const name of FIVE) expect(text).toContain(name);

  // A cell of the matrix opens that township's item.
  await page.getByText('表格', { exact: true }).click();
  await page.getByRole('link', { name: /^鳌头镇 一村（社区）一法律顾问：/ }).click();
  await expect(page).toHaveURL(/\?item=village_legal_counsel/);
  await expect(page.getByRole('heading', { name: /鳌头镇 · 2023年度/ })).toBeVisible();
  await expect(page.getByTestId('item-detail')).toBeVisible();
});

test('auditor pages render: review queue, findings, templates, townships and accounts', async ({ page }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  for (const [path, heading, name] of [
    ['/review', '待审', 'review-1366'],
    ['/findings', '问题清单', 'findings-1366'],
    ['/templates', '检查模板', 'templates-1366'],
    ['/townships', '乡镇与账号', 'townships-1366'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot(page, name);
  }
  // Filtered and paged by the api: every row of every page is of the chosen kind.
  await page.goto('/findings?kind=missing_evidence');
  await expect(page.getByTestId('findings-total')).toHaveText(/共 \d+ 条/);
  const total = Number((await page.getByTestId('findings-total').innerText()).match(/\d+/)![0]);
  const rows = page.locator('tr.ant-table-row');
  await expect(rows.first()).toContainText('缺少佐证');
  expect(await rows.count()).toBe(Math.min(total, 20));
  for (const text of await rows.allInnerTexts()) expect(text).toContain('缺少佐证');
  if (total > 20) {
    const firstOfPage1 = await rows.first().innerText();
    await page.locator('.ant-pagination-item-2').click();
    await expect(page).toHaveURL(/page=2/);
    await expect(rows.first()).not.toHaveText(firstOfPage1);
    await expect(rows).toHaveCount(Math.min(total - 20, 20));
    for (const text of await rows.allInnerTexts()) expect(text).toContain('缺少佐证');
  }
});

test('admin: picks a county on the overview', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole('heading', { name: '示范县（演示） · 总览' })).toBeVisible();
  await expect(page.getByLabel('县')).toBeVisible();
  await expect(page.getByTestId('heatmap').locator('canvas').first()).toBeVisible();
});

test('admin: runs the reminders now and opens the queue dashboard through its session cookie', async ({ page, request }) => {
  await signIn(page, 'admin');
  await expect(page).toHaveURL(/\/overview/);
  await page.goto('/townships');
  await page.getByRole('button', { name: '立即发送提醒' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '发送' }).click();
  await expect(page.getByTestId('reminder-result')).toContainText(/提醒已发送：检查了 \d+ 个乡镇（街道）、\d+ 个期限，新生成 \d+ 条提醒，投递 \d+ 次|提醒任务已在后台运行/, { timeout: 20_000 });
  await shot(page, 'admin-tools-1366');

  const [dashboard] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: '打开任务队列监控' }).click()]);
  await dashboard.waitForURL(/\/admin\/queues/);
  await expect(dashboard.getByText('analysis').first()).toBeVisible();
  await expect(dashboard.locator('body')).not.toContainText('UNAUTHENTICATED');
  // Without the cookie (another client) the dashboard stays closed.
  expect((await request.get('/admin/queues')).status()).toBe(401);
});

/** Signs in and opens the national default's 2027 version on the templates page. */
async function openDefault2027(page: Page, username: string): Promise<void> {
  await signIn(page, username);
  await expect(page).toHaveURL(/\/overview/);
  await page.goto('/templates');
  await page.getByLabel('模板版本').click();
  await page.locator('.ant-select-item-option', { hasText: '2027年度 第1版 · 全国默认' }).click();
  await expect(page.getByTestId('template-owner')).toHaveText('全国默认');
}

test("auditor: the national default is read-only; derives the county's own template for a year and edits it", async ({ page }) => {
  await openDefault2027(page, 'auditor');
  await expect(page.getByText('全国默认模板由系统管理员维护，本县只能查看。')).toBeVisible();
  await expect(page.getByRole('button', { name: '修改', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '生成下一年度模板' })).toHaveCount(0);

  await page.getByRole('button', { name: '为本县派生本年度模板' }).click();
  const dialog = page.getByRole('dialog', { name: '为本县派生2027年度模板' });
  await expect(dialog.getByLabel('复制全国默认模板的2027年度版本')).toBeChecked();
  await dialog.getByRole('button', { name: '派生' }).click();
  await expect(page.getByText(/已为本县派生2027年度第\d+版模板/)).toBeVisible();
  await expect(page.getByTestId('template-owner')).toHaveText('本县');
  await expect(page.getByText('全国默认模板由系统管理员维护')).toHaveCount(0);

  // The county's own template is the county's to edit.
  await page.getByRole('button', { name: '修改', exact: true }).first().click();
  const edit = page.getByRole('dialog').filter({ has: page.getByLabel('权重') });
  await edit.getByLabel('权重').fill('3');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();
  await expect(page.locator('tr.ant-table-row').first()).toContainText('3');
  await shot(page, 'templates-county-1366');
});

test("admin: picks a county and derives that county's own template for a year", async ({ page }) => {
  await openDefault2027(page, 'admin');

  await page.getByRole('button', { name: '为县派生本年度模板' }).click();
  const dialog = page.getByRole('dialog', { name: '为县派生2027年度模板' });
  // Nothing to derive for until a county is chosen.
  await expect(dialog.getByRole('button', { name: '派生' })).toBeDisabled();
  await dialog.getByLabel('派生给哪个县').click();
  await page.locator('.ant-select-item-option[title="示范县（演示）"]').click();
  await expect(dialog.getByText('派生后，示范县（演示）可以自行调整阈值')).toBeVisible();
  await shot(page, 'templates-admin-derive-1366');
  await dialog.getByRole('button', { name: '派生' }).click();
  await expect(page.getByText(/已为示范县（演示）派生2027年度第\d+版模板/)).toBeVisible();
  await expect(page.getByTestId('template-owner')).toHaveText('示范县（演示）');
  // The admin edits it as the county's auditors would.
  await expect(page.getByRole('button', { name: '修改', exact: true }).first()).toBeVisible();
});
