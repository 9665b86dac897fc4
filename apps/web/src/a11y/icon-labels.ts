// antd's icons name themselves in English (role="img" aria-label="down", "close", "search"…), inside antd's own
// components too, where no prop reaches them (ant-design/ant-design-icons#478). A screen reader would read those
// English words to a Chinese user. So every icon is made decorative when the control around it already has a name
// (its text, its aria-label, its title) or when it sits outside any control, and otherwise gets a Chinese name.

/** Chinese names of icons that are the whole content of a control (a pagination arrow, a close button…). */
export const ICON_ZH: Record<string, string> = {
  bell: '通知',
  user: '账号',
  menu: '菜单',
  close: '关闭',
  search: '搜索',
  down: '展开',
  up: '收起',
  left: '上一页',
  right: '下一页',
  'double-left': '向前五页',
  'double-right': '向后五页',
  ellipsis: '更多',
  download: '下载',
  upload: '上传',
  printer: '打印',
  calendar: '选择日期',
  'close-circle': '清除',
  'swap-right': '至',
  filter: '筛选',
  delete: '删除',
  edit: '修改',
  plus: '添加',
  reload: '刷新',
  eye: '显示密码',
  'eye-invisible': '隐藏密码',
};

const CONTROL = 'button, a[href], [role="button"], [role="link"], [role="menuitem"], [role="tab"], [role="switch"], [role="checkbox"], li[title]';

/** The Chinese name an icon should carry, or null when it is decorative (aria-hidden). */
export function iconName(icon: Element): string | null {
  const control = icon.parentElement?.closest(CONTROL);
  if (!control) return null;
  if (control.getAttribute('aria-label') || control.getAttribute('aria-labelledby')) return null;
  if ((control.textContent ?? '').trim() !== '') return null; // icons hold no text: any text is the control's name
  const title = control.getAttribute('title') ?? control.closest('[title]')?.getAttribute('title');
  if (title && !/[A-Za-z]/.test(title)) return title;
  const name = [...icon.classList].find((c) => c.startsWith('anticon-') && c !== 'anticon-spin')?.slice('anticon-'.length);
  return (name && ICON_ZH[name]) || null;
}

function fix(icon: Element): void {
  const label = icon.getAttribute('aria-label');
  if (label !== null && !/[A-Za-z]/.test(label)) return; // already Chinese (set by the app or by an earlier pass)
  const name = iconName(icon);
  if (name) {
    icon.setAttribute('aria-label', name);
    icon.removeAttribute('aria-hidden');
  } else {
    icon.removeAttribute('aria-label');
    icon.removeAttribute('role');
    icon.setAttribute('aria-hidden', 'true');
  }
}

function fixWithin(root: ParentNode): void {
  if (root instanceof Element && root.matches('.anticon')) fix(root);
  root.querySelectorAll('.anticon').forEach(fix);
}

/** Watches the document for icons as antd renders them and names them in Chinese or hides them. */
export function installIconLabels(doc: Document = document): () => void {
  fixWithin(doc.body);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target instanceof Element && r.target.matches('.anticon')) fix(r.target);
        continue;
      }
      r.addedNodes.forEach((n) => n instanceof Element && fixWithin(n));
    }
  });
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label'] });
  return () => observer.disconnect();
}
