import type { Page } from '@playwright/test';
import { expect, shot, signIn, test } from './fixtures';

const STATUSES = ['已认可', '已佐证', '未达标', '缺失', '已驳回', '已豁免', '未报送'];

/** The heat map's status legend is on screen together with the map: above it, every status readable. */
async function expectLegendWithMap(page: Page): Promise<void> {
  const legend = page.getByTestId('heatmap-legend');
  const canvas = page.getByTestId('heatmap').locator('canvas').first();
  await expect(canvas).toBeInViewport();
  await expect(legend).toBeInViewport({ ratio: 1 });
  await expect(legend).toHaveText(STATUSES.join(''));
  const [l, c] = [(await legend.boundingBox())!, (await canvas.boundingBox())!];
  expect(l.y + l.height).toBeLessThanOrEqual(c.y);
}

test('the heat map legend is seen with the map at 1366×768, without scrolling', async ({ page }) => {
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await expect(page.getByTestId('heatmap').locator('canvas').first()).toBeVisible();
  await page.waitForTimeout(500);
  await expectLegendWithMap(page);
  await shot(page, 'overview-legend-1366');
});

test('the heat map legend is seen with the map on a phone (390×844)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'auditor');
  await expect(page).toHaveURL(/\/overview/);
  await page.getByTestId('heatmap').scrollIntoViewIfNeeded();
  await page.getByTestId('heatmap-legend').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await expectLegendWithMap(page);
  await shot(page, 'overview-legend-390');
});
