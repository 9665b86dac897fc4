import type { Page } from '@playwright/test';
import { MENU, type Role } from '../src/access';
import { apiToken, expect, shot, signIn, test, townshipIds } from './fixtures';

/**
 * Everything a person reads is Chinese: every page of the router, as each role, is read as a person sees it (the
 * text of the page, placeholders and tooltips) and may hold no Latin word but the few that are Chinese usage too.
 */

/**
 * Latin a Chinese page may show: file formats and the programs that write them, units, names Chinese uses as they
 * are (QQ, in the reports' own text), and the demo accounts' user names (which are ids).
 */
const ALLOWED = new Set(
  ['xlsx', 'csv', 'pdf', 'url', 'zip', 'txt', 'html', 'docx', 'doc', 'wps', 'ofd', 'jpg', 'jpeg', 'png', 'tiff', 'webp', 'heic', 'heif', 'word', 'excel']
    .concat(['ocr', 'kb', 'mb', 'gb', 'id', 'qq'])
    .concat(['auditor', 'admin', 'jinma', 'huangbai', 'chadian', 'aotou', 'wanxing']),
);
/** File names, addresses, ids and e-mail addresses are data, not words of the interface. */
const DATA = [
  /[^\s"“”'‘’：:，,（）()]+\.(?:txt|html?|docx?|wps|ofd|pdf|png|jpe?g|tiff?|heic|heif|zip|xlsx|csv)\b/gi,
  /https?:\/\/\S*/g,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  /\S+@\S+\.\w+/g,
];

/** The Latin words a person can read on the page now, each with a little of the text around it. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Placeholders and hover tooltips are read too; icons' aria-labels (antd names them in English) are not seen.
    const attrs = [...document.querySelectorAll<HTMLElement>('[placeholder],[title]')]
      .filter((el) => el.checkVisibility())
      .map((el) => [el.getAttribute('placeholder'), el.getAttribute('title')].filter(Boolean).join('\n'));
    return [document.title, document.body.innerText, ...attrs].join('\n');
  });
  let readable = text;
  for (const re of DATA) readable = readable.replace(re, ' ');
  const found: string[] = [];
  for (const m of readable.matchAll(/[A-Za-z][A-Za-z_-]*/g)) {
    if (ALLOWED.has(m[0].toLowerCase())) continue;
    found.push(`${m[0]} (…${readable.slice(Math.max(0, m.index! - 20), m.index! + m[0].length + 20).replace(/\s+/g, ' ')}…)`);
  }
  return found;
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.waitForTimeout(300); // fade-ins
}

/** The pages a role reaches: its menu, its townships' year pages (with an item open), the report text, a 404. */
async function pagesFor(role: Role, request: import('@playwright/test').APIRequestContext, username: string): Promise<string[]> {
  const ids = await townshipIds(request);
  const token = await apiToken(request, username);
  const own = ids.get('金马镇')!; // jinma's own township, and one the county's auditors and the admin see
  const subs = (await (await request.get(`/api/townships/${own}/submissions?year=2023`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
    id: string;
    kind: string;
    status: string;
  }[];
  const report = subs.find((s) => s.kind === 'annual_report' && s.status === 'analyzed')!;
  expect(report, 'an analysed 2023 report of 金马镇').toBeDefined();
  return [
    ...MENU.filter((m) => m.roles.includes(role)).map((m) => m.path),
    `/townships/${own}/2023`,
    `/townships/${own}/2023?item=village_legal_counsel`,
    `/townships/${own}/2023/report/${report.id}`,
    '/no-such-page',
  ];
}

for (const [role, username] of [
  ['auditor', 'auditor'],
  ['admin', 'admin'],
  ['township', 'jinma'],
] as const) {
  test(`${role}: no page shows English`, async ({ page, request }) => {
    const findings: string[] = [];
    // The sign-in page first (the one page everyone sees), then every page of the role.
    await page.goto('/login');
    await settle(page);
    for (const word of await latinWords(page)) findings.push(`/login: ${word}`);
    await signIn(page, username);
    await expect(page).toHaveURL(role === 'township' ? /\/tasks/ : /\/overview/);
    for (const path of await pagesFor(role, request, username)) {
      await page.goto(path);
      await settle(page);
      for (const word of await latinWords(page)) findings.push(`${path}: ${word}`);
      if (path === '/audit-log') await shot(page, `audit-log-${role}-1366`);
    }
    expect(findings).toEqual([]);
  });
}
