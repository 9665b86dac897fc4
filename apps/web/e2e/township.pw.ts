import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { apiToken, DEMO_PASSWORD, expect, shot, signIn, test, townshipIds } from './fixtures';

const seed = readFileSync(path.resolve(__dirname, '../../../seeds/reports/000_cd09f5d6f779e604.txt'), 'utf8');

/**
 * After an upload: the page polls until the analysis ends. A seed text states its own year; when the page's chosen
 * year differs (it depends on today's date), the township is asked to confirm the year first, as a clerk would.
 */
async function untilAnalysed(page: Page): Promise<void> {
  const status = page.getByTestId('submission-status');
  await expect(status).toHaveText(/已分析|待确认年度/, { timeout: 120_000 });
  if ((await status.textContent())?.includes('待确认年度')) {
    await expect(page.getByText('报告年度待确认')).toBeVisible();
    await page.getByRole('button', { name: /^确认为\d{4}年度报告$/ }).click();
  }
  await expect(status).toHaveText('已分析', { timeout: 120_000 });
}

test('township: deadlines, upload a report and watch it analysed, answer a finding, attach evidence to an item', async ({ page, request }) => {
  await signIn(page, 'jinma');
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole('heading', { name: '金马镇 · 我的任务' })).toBeVisible();
  const deadline = page.getByTestId('deadline').first();
  await expect(deadline).toContainText(/报送\d{4}年度报告/);
  await expect(deadline).toContainText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(deadline).toContainText(/还剩 \d+ 天|今天截止|已逾期 \d+ 天|排队中|已分析/);
  await shot(page, 'tasks-1366');

  await page.getByRole('link', { name: '报送年度报告' }).first().click();
  await expect(page).toHaveURL(/\/submit/);
  const input = page.locator('input[type=file]');
  // A wrong type is refused before anything is sent, in Chinese.
  await input.setInputFiles({ name: '报告.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await expect(page.getByRole('alert')).toContainText('不支持的文件类型');
  await input.setInputFiles({ name: '空文件.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(page.getByRole('alert')).toContainText('文件是空的');

  // A new version of the report (different bytes, so not recognised as a duplicate).
  const body = `${seed}\n（${Date.now()} 修订稿）\n`;
  await input.setInputFiles({ name: '金马镇法治政府建设年度报告（修订）.txt', mimeType: 'text/plain', buffer: Buffer.from(body, 'utf8') });
  const status = page.getByTestId('submission-status');
  await expect(status).toBeVisible();
  // The page polls: it reaches 已分析 without a reload.
  await untilAnalysed(page);
  await expect(page.getByText('已有佐证的义务')).toBeVisible();
  await shot(page, 'submit-1366');

  await page.goto('/tasks');
  const findingRow = page.locator('tr', { has: page.getByRole('button', { name: /答\s*复/ }) }).first();
  const message = (await findingRow.locator('td').nth(1).innerText()).trim();
  await findingRow.getByRole('button', { name: /答\s*复/ }).click();
  const dialog = page.getByRole('dialog', { name: '答复问题' });
  await dialog.getByLabel('整改情况说明').fill('已于本年度补充相关制度文件并在年度报告中说明。');
  await dialog.getByRole('button', { name: '提交答复' }).click();
  await expect(page.getByText('答复已提交')).toBeVisible();
  await page.goto('/findings?answered=yes');
  const answered = page.locator('tr', { hasText: message.slice(0, 20) }).first();
  await expect(answered).toContainText('已于本年度补充相关制度文件');
  // Evidence for one item of last year's checklist, attached from the item itself.
  const ids = await townshipIds(request);
  await page.goto(`/townships/${ids.get('金马镇')}/2023?item=constitution_oath`);
  const item = page.getByTestId('item-detail');
  await expect(item).toBeVisible();
  await expect(item.getByRole('button', { name: '驳回' })).toHaveCount(0); // decisions are the county's
  await item.locator('input[type=file]').setInputFiles({ name: '宪法宣誓记录.txt', mimeType: 'text/plain', buffer: Buffer.from(`2023年3月，镇人大主席团组织新任命的国家工作人员进行宪法宣誓（${Date.now()}）。`, 'utf8') });
  await expect(page.getByText('佐证材料已提交，等待审核')).toBeVisible();
});

test("the county's review queue lists the township's answer and its evidence file", async ({ page }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await page.goto('/review?year=2023');
  await expect(page.locator('tr', { hasText: '乡镇已答复' }).first()).toContainText('金马镇');
  // The worker reads the evidence file in the background: reload until it is in.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('tr', { hasText: '佐证材料待审' }).first()).toContainText('宪法宣誓', { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await shot(page, 'review-1366');
  // Keyboard: the first row is selected, Enter opens it.
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/\/review/);
});

test("a township opening another township's address sees the 404 page", async ({ page, request }) => {
  const ids = await townshipIds(request);
  await signIn(page, 'jinma');
  await expect(page).toHaveURL(/\/tasks$/);
  await page.goto(`/townships/${ids.get('黄柏乡')}/2023`);
  await expect(page.getByText('页面不存在', { exact: true })).toBeVisible();
  await expect(page.getByText('黄柏乡')).toHaveCount(0);
  // Its own page opens.
  await page.goto(`/townships/${ids.get('金马镇')}/2023`);
  await expect(page.getByRole('heading', { name: /金马镇 · 2023年度/ })).toBeVisible();
});

test('历年得分: every scored year has its own marker and score; a year without a report reads 未报送, never 0', async ({ page, request }) => {
  const jinma = (await townshipIds(request)).get('金马镇')!;
  const auth = { Authorization: `Bearer ${await apiToken(request, 'jinma')}` };
  const templateYears = [...new Set(((await (await request.get('/api/templates', { headers: auth })).json()) as { year: number }[]).map((t) => t.year))].sort();
  // Each year's score as the api states it: none (no checklist, or no report counted) is 未报送.
  const scoreOf = async (y: number): Promise<number | null> => {
    const res = await request.get(`/api/townships/${jinma}/checklists/${y}`, { headers: auth });
    return res.status() === 404 ? null : ((await res.json()).score ?? null);
  };
  // The current year's page (its checklist exists before any report): the trend runs from the first template year.
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const pageYear = Math.max(...templateYears.filter((y) => y <= thisYear));
  const years = templateYears.filter((y) => y <= pageYear);
  const scores = await Promise.all(years.map(scoreOf));
  expect(scores.some((s) => s !== null) && scores.some((s) => s === null), 'the demo has a scored year and a 未报送 year of 金马镇').toBe(true);

  await signIn(page, 'jinma');
  await expect(page).toHaveURL(/\/tasks/);
  await page.goto(`/townships/${jinma}/${pageYear}`);
  const chart = page.getByTestId('score-trend');
  await expect(chart.locator('svg')).toBeVisible({ timeout: 30_000 }); // one checklist read per year
  // The chart's words: each year on the axis (未报送 under a year without a report), then each score's label.
  const expected = [...years.flatMap((y, i) => (scores[i] === null ? [`${y}年`, '未报送'] : [`${y}年`])), ...scores.flatMap((s) => (s === null ? [] : [`${s.toFixed(1)}分`]))];
  await expect(chart.locator('svg text').filter({ hasNotText: /^\d+$/ })).toHaveText(expected); // (the value axis aside)
  // One visible marker per scored year, a lone year among gaps included; none for a 未报送 year (no point at 0).
  await expect(chart.locator('svg path[fill="#b4232a"]')).toHaveCount(scores.filter((s) => s !== null).length);
  await expect(chart.locator('div[role=img]')).toHaveAttribute('aria-label', `历年得分：${years.map((y, i) => `${y}年${scores[i] === null ? '未报送' : `${scores[i]!.toFixed(1)}分`}`).join('，')}`);
  // The year's own gauge says the same.
  const own = scores[scores.length - 1];
  await expect(page.getByTestId('year-score')).toHaveText(own === null ? '未报送' : `${own.toFixed(1)}分`);
  await shot(page, 'township-trend-1366');
});

test('phone width (390×844): the township pages fit the screen', async ({ page, request }) => {
  const ids = await townshipIds(request);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  await shot(page, 'login-390');
  await signIn(page, 'jinma');
  await expect(page.getByRole('heading', { name: /我的任务/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500); // loading overlays fade out
  await shot(page, 'tasks-390');
  await page.goto('/submit');
  // A phone cannot drag a file: the upload area only speaks of the tap.
  await expect(page.getByText('点击选择年度报告文件', { exact: true })).toBeVisible();
  await expect(page.getByText(/拖到此处/)).toHaveCount(0);
  await shot(page, 'submit-390');
  await page.goto(`/townships/${ids.get('金马镇')}/2023`);
  await expect(page.getByRole('heading', { name: /金马镇 · 2023年度/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await shot(page, 'township-year-390');
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
  await page.getByRole('button', { name: '打开菜单' }).click();
  await expect(page.getByRole('link', { name: '报送年度报告' })).toBeVisible();
  await page.waitForTimeout(500); // the drawer's slide-in
  await shot(page, 'menu-390');
});

test('a session ended elsewhere sends the person to the sign-in page with a message, not a blank screen', async ({ page, request }) => {
  await signIn(page, 'huangbai');
  await expect(page.getByRole('heading', { name: /我的任务/ })).toBeVisible();
  // Signing out on another device ends every session of the account (refresh tokens revoked, access tokens voided).
  const token = await apiToken(request, 'huangbai');
  expect((await request.post('/api/auth/logout', { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(204);
  await page.getByRole('link', { name: '问题清单' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText('登录已过期，请重新登录')).toBeVisible();
  // Signing in again returns to the page the person was opening.
  await page.getByLabel('用户名').fill('huangbai');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '问题清单' })).toBeVisible();
});

test('township: withdraws its report before the deadline (with a confirmation) and submits it again', async ({ page }) => {
  await signIn(page, 'wanxing');
  await expect(page).toHaveURL(/\/tasks$/);
  const upload = async (name: string) => {
    await page.goto('/submit');
    await expect(page.getByText('将年度报告拖到此处')).toBeVisible();
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(`${seed}\n（${name} ${Date.now()}）\n`, 'utf8') });
    await untilAnalysed(page);
  };
  const first = '万兴街道年度报告（初稿）.txt';
  await upload(first);

  await page.goto('/tasks');
  await expect(page.getByTestId('report-state')).toContainText('已分析');
  const row = page.locator('tr', { hasText: first });
  await row.getByRole('button', { name: `撤回 ${first}` }).click();
  const confirm = page.getByRole('dialog').filter({ hasText: `撤回“${first}”？` });
  await expect(confirm).toContainText('报送截止日期');
  await confirm.getByRole('button', { name: '确认撤回' }).click();
  await expect(row.getByTestId('submission-state')).toContainText('已撤回');
  await expect(row.getByRole('button', { name: `撤回 ${first}` })).toHaveCount(0);
  await expect(page.getByTestId('report-state')).toContainText('未报送');
  await expect(page.getByTestId('report-state')).toContainText('已撤回，请重新报送');
  await shot(page, 'withdrawn-1366');

  const second = '万兴街道年度报告（正式稿）.txt';
  await upload(second);
  await page.goto('/tasks');
  await expect(page.getByTestId('report-state')).toContainText('已分析');
  await expect(page.locator('tr', { hasText: second }).getByTestId('submission-state')).toContainText('已分析');
  await expect(page.locator('tr', { hasText: first }).getByTestId('submission-state')).toContainText('已撤回');
});

test('修改密码: a weak new password is refused with the Chinese reason under the field; a wrong current one keeps the session', async ({ page }) => {
  await signIn(page, 'chadian');
  await expect(page.getByRole('heading', { name: /我的任务/ })).toBeVisible();
  await page.getByRole('button', { name: '账号' }).hover();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog', { name: '修改密码' });
  await dialog.getByLabel('当前密码', { exact: true }).fill(DEMO_PASSWORD);
  await dialog.getByLabel('新密码', { exact: true }).fill('chadian12345');
  await dialog.getByLabel('确认新密码', { exact: true }).fill('chadian12345');
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(dialog.locator('.ant-form-item-explain-error', { hasText: '密码不能包含用户名（包括倒序），请换一个与账号无关的密码' })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'password-1366');

  // Too short: the api's validation detail, in Chinese, under the field.
  await dialog.getByLabel('新密码', { exact: true }).fill('abc12');
  await dialog.getByLabel('确认新密码', { exact: true }).fill('abc12');
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(dialog.locator('.ant-form-item-explain-error', { hasText: '至少需要 10 个字符' })).toBeVisible();

  // A wrong current password is about the password, not the session: still signed in.
  await dialog.getByLabel('当前密码', { exact: true }).fill('not-my-password');
  await dialog.getByLabel('新密码', { exact: true }).fill('蓝色风筝-飞过-7座山');
  await dialog.getByLabel('确认新密码', { exact: true }).fill('蓝色风筝-飞过-7座山');
  await dialog.getByRole('button', { name: '修改密码' }).click();
  await expect(dialog.locator('.ant-form-item-explain-error', { hasText: '当前密码不正确' })).toBeVisible();
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await page.getByRole('link', { name: '问题清单' }).click();
  await expect(page.getByRole('heading', { name: '问题清单' })).toBeVisible();
});
