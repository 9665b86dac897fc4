import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import * as path from 'node:path';

export const DEMO_PASSWORD = process.env.FZ_DEMO_PASSWORD ?? 'demo-pass-1234';
export const SHOTS = path.resolve(__dirname, '../../../test-results/screenshots');

export const test = base.extend<{ baseURL: string }>({
  baseURL: async ({}, use) => {
    const url = process.env.FZ_BASE_URL;
    if (!url) throw new Error('FZ_BASE_URL is not set (global setup starts the stack)');
    await use(url);
  },
});
export { expect };

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Token for direct api calls the tests make to find ids (the browser never sees these). */
export async function apiToken(request: APIRequestContext, username: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.ok()).toBe(true);
  return (await res.json()).accessToken;
}

export async function townshipIds(request: APIRequestContext): Promise<Map<string, string>> {
  const token = await apiToken(request, 'auditor');
  const res = await request.get('/api/townships', { headers: { Authorization: `Bearer ${token}` } });
  return new Map(((await res.json()) as { id: string; name: string }[]).map((t) => [t.name, t.id]));
}

/** A full-page screenshot under test-results/screenshots (kept as a test artifact). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}
