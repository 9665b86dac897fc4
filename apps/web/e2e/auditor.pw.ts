import ExcelJS from 'exceljs';
import { expect, shot, signIn, test } from './fixtures';

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

test('auditor: overview, 金马镇, a quote in the original text, rejection in the audit log, XLSX export', async ({ page }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByRole('heading', { name: /总览/ })).toBeVisible();
  // The heat map draws on a canvas; its table alternative lists every township.
  await expect(page.getByTestId('heatmap').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('ranking-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByText('已报送并分析')).toBeVisible();
  await page.waitForTimeout(500);
  await shot(page, 'overview-1366');
  await page.getByText('表格', { exact: true }).click();
  for (const name of FIVE) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(page.getByText('未报送').first()).toBeVisible();

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

test("auditor: the national default is read-only; derives the county's own template for a year and edits it", async ({ page }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await page.goto('/templates');
  await page.getByLabel('模板版本').click();
  await page.locator('.ant-select-item-option', { hasText: '2027年度 第1版 · 全国默认' }).click();
  await expect(page.getByTestId('template-owner')).toHaveText('全国默认');
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
