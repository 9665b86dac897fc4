import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AUDIT_ACTION_ZH, AUDIT_ACTIONS, AUDIT_ENTITY_ZH, auditActionName, auditActorName } from './audit-labels';

const root = path.resolve(__dirname, '../../../..');
/** Where audit entries are written: the api, the worker, the libraries and the scripts (not the web, not tests). */
const WRITER_DIRS = ['apps/api/src', 'apps/worker/src', 'libs', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(e.name) ? [p] : [];
  });
}

/**
 * Audit actions written in the source, found without the compiler: `action: '…'` (also in a conditional) and every
 * quoted `namespace.verb` whose namespace is one the audit log uses — so a writer outside the typed AuditService
 * (raw SQL, a new script) is caught too.
 */
function actionsInSource(): Map<string, string> {
  const namespaces = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]))].join('|');
  const namespaced = new RegExp(`['\`]((?:${namespaces})\\.[a-z_.]+)['\`]`, 'g');
  const found = new Map<string, string>();
  for (const dir of WRITER_DIRS) {
    for (const file of sourceFiles(path.join(root, dir)).filter((f) => f !== path.join(__dirname, 'audit-labels.ts'))) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(root, file);
      for (const m of text.matchAll(/\baction: ([^\n,]+)/g)) for (const lit of m[1].matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) found.set(lit[1], rel);
      for (const m of text.matchAll(namespaced)) found.set(m[1], rel);
    }
  }
  return found;
}

describe('audit action labels', () => {
  it('names every action written anywhere in the code in Chinese', () => {
    const found = actionsInSource();
    // The scan sees the writers it should (one from each kind of place).
    expect(found.get('submission.withdraw')).toBe('apps/api/src/submissions/submissions.service.ts');
    expect(found.get('submission.seed_demo')).toBe('scripts/launcher/demo-reports.ts');
    expect(found.get('user.create_demo')).toBe('apps/api/src/setup/reference-data.service.ts');
    const unnamed = [...found].filter(([action]) => !(action in AUDIT_ACTION_ZH)).map(([a, file]) => `${a} (${file})`);
    expect(unnamed).toEqual([]);
  });

  it('reads every action and entity in Chinese, each action differently', () => {
    for (const label of [...Object.values(AUDIT_ACTION_ZH), ...Object.values(AUDIT_ENTITY_ZH)]) expect(label).toMatch(/^[\u4e00-\u9fff（）]+$/);
    expect(new Set(Object.values(AUDIT_ACTION_ZH)).size).toBe(AUDIT_ACTIONS.length);
  });

  it('shows an action no longer written as 其他操作, never its code', () => {
    expect(auditActionName('submission.withdraw')).toBe('撤回材料');
    expect(auditActionName('report.retired_action')).toBe('其他操作');
  });

  it('names the actors that are not people in Chinese, and shows a person by user name', () => {
    expect(auditActorName('system')).toBe('系统');
    expect(auditActorName('create-admin')).toBe('管理员创建命令');
    expect(auditActorName('jinma')).toBe('jinma');
  });
});
