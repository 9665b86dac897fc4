import { expect, shot, signIn, test, townshipIds } from './fixtures';

/**
 * 审核意见 alone: the auditor asks a township about an item without deciding it; the township sees the question on
 * its task page (at 1366 and on a phone), answers it, and the item is back in the auditor's 待审 — with each step in
 * the audit log.
 */
test('auditor asks a question on an item; the township answers it from its task page; the item is back in 待审', async ({ browser, request, baseURL }) => {
  const options = { baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } };
  const ids = await townshipIds(request);
  const townshipId = ids.get('万兴街道')!;
  const question = '请说明本年度聘请法律顾问的村（社区）数量，并上传聘用合同。';
  const answer = '全街道 9 个社区均已聘请法律顾问，聘用合同已作为佐证上传。';

  // The township's current report year, as its task page shows it.
  const town = await browser.newPage(options);
  await signIn(town, 'wanxing');
  await expect(town.getByRole('heading', { name: '万兴街道 · 我的任务' })).toBeVisible();
  const year = Number((await town.getByTestId('deadline').first().innerText()).match(/报送(\d{4})年度报告/)![1]);
  await expect(town.getByTestId('open-questions')).toHaveCount(0);

  const auditor = await browser.newPage(options);
  await signIn(auditor, 'auditor');
  await expect(auditor).toHaveURL(/\/overview/);
  await auditor.goto(`/townships/${townshipId}/${year}?item=village_legal_counsel`);
  const drawer = auditor.getByTestId('item-detail');
  await expect(drawer).toBeVisible();
  const statusBefore = await drawer.getByTestId('item-status').innerText();
  await drawer.getByRole('button', { name: '提出审核意见' }).click();
  const modal = auditor.getByRole('dialog', { name: /提出审核意见/ });
  await modal.getByRole('button', { name: '发送' }).click();
  await expect(modal.getByText('请填写审核意见')).toBeVisible();
  await modal.getByLabel('审核意见').fill(question);
  await shot(auditor, 'question-ask-1366');
  await modal.getByRole('button', { name: '发送' }).click();
  await expect(auditor.getByText('审核意见已发送，乡镇将收到通知')).toBeVisible();
  // Only a question: the status stays as it was.
  await expect(drawer.getByTestId('item-comment')).toHaveText(question);
  await expect(drawer.getByText('待乡镇答复')).toBeVisible();
  await expect(drawer.getByTestId('item-status')).toHaveText(statusBefore);

  // The township sees it on its task page, on a phone too, and is told by a notification.
  await town.reload();
  const card = town.getByTestId('open-questions');
  await expect(card).toContainText('待答复的审核意见（1）');
  await expect(card).toContainText(`审核意见：${question}`);
  await expect(card).toContainText('一村（社区）一法律顾问');
  await expect(town.getByText('有新的审核意见').first()).toBeVisible();
  await shot(town, 'question-tasks-1366');
  await town.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await shot(town, 'question-tasks-390');
  expect(await town.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
  await card.getByLabel('答复审核意见').fill(answer);
  await card.getByRole('button', { name: '提交答复' }).click();
  await expect(town.getByText('答复已提交，等待县审核人员审核')).toBeVisible();
  await expect(town.getByTestId('open-questions')).toHaveCount(0);

  // Back with the auditor: in 待审 as an answered question, the answer beside the question, both in the audit log.
  await auditor.goto(`/review?year=${year}`);
  await expect(auditor.locator('tr', { hasText: '已答复审核意见' }).first()).toContainText('万兴街道');
  await shot(auditor, 'question-review-1366');
  await auditor.goto(`/townships/${townshipId}/${year}?item=village_legal_counsel`);
  await expect(drawer.getByTestId('item-township-note')).toHaveText(answer);
  await expect(drawer.getByText('待乡镇答复')).toHaveCount(0);
  await auditor.goto('/audit-log');
  await expect(auditor.locator('tr', { hasText: '提出审核意见' }).first()).toContainText(`审核意见：无 → ${question}`);
  await expect(auditor.locator('tr', { hasText: '乡镇填写说明' }).first()).toContainText(`乡镇说明：无 → ${answer}`);
  await shot(auditor, 'question-audit-log-1366');
  // The overview on a phone: the counts by report state wrap, the charts fit.
  await auditor.setViewportSize({ width: 390, height: 844 });
  await auditor.goto('/overview');
  await expect(auditor.getByTestId('report-counts')).toBeVisible();
  await auditor.waitForTimeout(500);
  await shot(auditor, 'overview-390');
  await auditor.getByTestId('report-counts').scrollIntoViewIfNeeded();
  await shot(auditor, 'overview-counts-390');
  await town.context().close();
  await auditor.context().close();
});
