import type { Page } from '@playwright/test';
import { MENU, type Role } from '../src/access';
import { apiToken, expect, shot, signIn, test, townshipIds } from './fixtures';

/**
 * Everything a person reads or hears is Chinese: every page of the router, as each role, is read as a person sees it
 * (the text of the page) and as a screen reader speaks it (names, tooltips, placeholders, alternative texts — antd's
 * icons name themselves in English unless the app hides or renames them), with its menus, dialogs, drawers and
 * dropdowns opened; none may hold a Latin word but the few that are Chinese usage too.
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

/** The Latin words a person can read or hear on the page now, each with a little of the text around it. */
async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // What a screen reader speaks besides the text: every name, tooltip, placeholder and alternative text in the
    // document (open or not yet shown), except inside what is hidden from it.
    const attrs = [...document.querySelectorAll<HTMLElement>('[aria-label],[title],[alt],[placeholder]')]
      .filter((el) => !el.closest('[aria-hidden="true"]'))
      .map((el) => ['aria-label', 'title', 'alt', 'placeholder'].map((a) => el.getAttribute(a)).filter(Boolean).join('\n'));
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

type Opener = (page: Page) => Promise<void>;

/** Opens a select's list of options (antd renders it apart from the page, on the body). */
const selectOptions =
  (label: string): Opener =>
  async (page) => {
    await page.getByLabel(label, { exact: true }).click();
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(1);
  };
const dialog =
  (button: string | RegExp, title: string | RegExp): Opener =>
  async (page) => {
    await page.getByRole('button', { name: button }).first().click();
    await expect(page.getByRole('dialog', { name: title })).toBeVisible();
  };

/** The menus, dialogs, drawers and dropdowns of a role: what it is, the page it opens on, how it is opened. */
function opened(role: Role, paths: string[]): [string, string, Opener][] {
  const item = paths.find((p) => p.includes('?item='))!;
  const common: [string, string, Opener][] = [
    ['账号菜单', paths[0], async (page) => {
      await page.getByRole('button', { name: '账号' }).hover();
      await expect(page.getByRole('menuitem', { name: '退出登录' })).toBeVisible();
    }],
    ['修改密码', paths[0], async (page) => {
      await page.getByRole('button', { name: '账号' }).hover();
      await page.getByRole('menuitem', { name: '修改密码' }).click();
      await expect(page.getByRole('dialog', { name: '修改密码' })).toBeVisible();
    }],
    ['通知', paths[0], async (page) => {
      await page.getByRole('button', { name: /^通知/ }).click();
      await expect(page.locator('.ant-popover:visible')).toHaveCount(1);
    }],
    ['检查项', item, async (page) => expect(page.getByTestId('item-detail')).toBeVisible()],
    ...(['年度', '类型', '状态', '答复'].map((f) => [`筛选：${f}`, '/findings', selectOptions(f)]) as [string, string, Opener][]),
  ];
  if (role === 'township')
    return [
      ...common,
      ['答复问题', '/tasks', dialog(/答\s*复/, '答复问题')],
      ['报告年度', '/submit', selectOptions('报告年度')],
      ['公开日期', '/submit', async (page) => {
        await page.getByLabel('公开日期（选填）').click();
        await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(1);
      }],
    ];
  return [
    ...common,
    ['审核', item, async (page) => {
      // 驳回, or 认可 when an earlier test has rejected the item already: the review dialog with its reason field.
      const reject = page.getByTestId('item-detail').getByRole('button', { name: '驳回' });
      const action = (await reject.isEnabled()) ? '驳回' : '认可';
      await page.getByTestId('item-detail').getByRole('button', { name: action }).click();
      await expect(page.getByRole('dialog', { name: new RegExp(`^${action}：`) })).toBeVisible();
    }],
    ['提出审核意见', item, dialog('提出审核意见', /^提出审核意见：/)],
    ['打印报告', '/overview', async (page) => {
      await page.getByRole('button', { name: '打印报告' }).hover();
      await expect(page.locator('.ant-dropdown:visible')).toHaveCount(1);
    }],
  ];
}

for (const [role, username] of [
  ['auditor', 'auditor'],
  ['admin', 'admin'],
  ['township', 'jinma'],
] as const) {
  test(`${role}: no page shows English`, async ({ page, request }) => {
    test.setTimeout(300_000); // every page of the role, then each menu and dialog on its page
    const findings: string[] = [];
    // The sign-in page first (the one page everyone sees), then every page of the role.
    await page.goto('/login');
    await settle(page);
    for (const word of await latinWords(page)) findings.push(`/login: ${word}`);
    await signIn(page, username);
    await expect(page).toHaveURL(role === 'township' ? /\/tasks/ : /\/overview/);
    const paths = await pagesFor(role, request, username);
    for (const path of paths) {
      await page.goto(path);
      await settle(page);
      for (const word of await latinWords(page)) findings.push(`${path}: ${word}`);
      if (path === '/audit-log') await shot(page, `audit-log-${role}-1366`);
    }
    // What opens on top of the pages: each is opened as a person would, read, and closed.
    for (const [what, path, open] of opened(role, paths)) {
      await page.goto(path);
      await settle(page);
      await open(page);
      await settle(page);
      for (const word of await latinWords(page)) findings.push(`${path} (${what}): ${word}`);
    }
    expect(findings).toEqual([]);
  });
}
