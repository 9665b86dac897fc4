// What each role sees: the menu, the pages it may open, and where it lands after signing in. The api enforces the
// same scope (anything outside answers 404); this only keeps people from being shown pages that cannot work for them.

export type Role = 'admin' | 'auditor' | 'township';

export interface MenuEntry {
  path: string;
  label: string;
  roles: Role[];
}

export const MENU: MenuEntry[] = [
  { path: '/overview', label: '总览', roles: ['admin', 'auditor'] },
  { path: '/review', label: '待审', roles: ['admin', 'auditor'] },
  { path: '/tasks', label: '我的任务', roles: ['township'] },
  { path: '/submit', label: '报送年度报告', roles: ['township'] },
  { path: '/my-checklist', label: '本乡镇清单', roles: ['township'] },
  { path: '/findings', label: '问题清单', roles: ['admin', 'auditor', 'township'] },
  { path: '/audit-log', label: '审计日志', roles: ['admin', 'auditor'] },
  { path: '/templates', label: '检查模板', roles: ['admin', 'auditor'] },
  { path: '/townships', label: '乡镇与账号', roles: ['admin', 'auditor'] },
  { path: '/report-import', label: '历史报告导入', roles: ['admin', 'auditor'] },
];

export const menuFor = (role: Role) => MENU.filter((m) => m.roles.includes(role));

export const homeFor = (role: Role) => (role === 'township' ? '/tasks' : '/overview');

/** Whether a role may open a page at all (the township page additionally checks the township is the caller's own). */
export function canOpen(role: Role, path: string): boolean {
  if (path.startsWith('/townships/')) return true;
  const entry = MENU.find((m) => path === m.path || path.startsWith(`${m.path}/`));
  return entry ? entry.roles.includes(role) : true;
}

/** Review actions (认可/驳回/豁免/撤销), overrides and manual evidence are the county's. */
export const canReview = (role: Role) => role === 'admin' || role === 'auditor';
/** Uploads and answers to findings are the township's. */
export const canSubmit = (role: Role) => role === 'township';
