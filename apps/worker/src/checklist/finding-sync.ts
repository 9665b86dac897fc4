import { In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Finding, type FindingKind } from '@app/persistence';

export interface OpenFinding {
  kind: FindingKind;
  subjectKey: string;
  message: string;
  dueDate: string | null;
  checklistItemId?: string | null;
  planItemId?: string | null;
  problemId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Makes the findings of the given kinds for one township-year match `open`: new subjects are opened, resolved ones
 * whose condition is back are reopened, open ones whose condition cleared are resolved. Rows are matched by
 * (kind, subjectKey), so an auditor's notes and the township's response stay on the same finding. Callers hold the
 * township-year lock.
 */
export async function syncFindings(
  m: EntityManager,
  townshipId: string,
  year: number,
  kinds: FindingKind[],
  open: OpenFinding[],
  now: Date,
): Promise<void> {
  const existing = await m.find(Finding, { where: { townshipId, year, kind: In(kinds) } });
  const byKey = new Map(existing.map((f) => [`${f.kind}|${f.subjectKey}`, f]));
  const wanted = new Set<string>();
  const inserts: QueryDeepPartialEntity<Finding>[] = [];

  for (const spec of open) {
    const key = `${spec.kind}|${spec.subjectKey}`;
    if (wanted.has(key)) continue;
    wanted.add(key);
    const values = {
      message: spec.message,
      dueDate: spec.dueDate,
      checklistItemId: spec.checklistItemId ?? null,
      planItemId: spec.planItemId ?? null,
      problemId: spec.problemId ?? null,
      details: spec.details ?? {},
    };
    const row = byKey.get(key);
    if (!row) {
      inserts.push({ townshipId, year, kind: spec.kind, subjectKey: spec.subjectKey, status: 'open', ...values } as QueryDeepPartialEntity<Finding>);
      continue;
    }
    const changed =
      row.status !== 'open' ||
      row.message !== values.message ||
      row.dueDate !== values.dueDate ||
      row.checklistItemId !== values.checklistItemId ||
      row.planItemId !== values.planItemId ||
      row.problemId !== values.problemId ||
      JSON.stringify(row.details) !== JSON.stringify(values.details);
    if (changed) await m.update(Finding, { id: row.id }, { status: 'open', resolvedAt: null, ...values } as QueryDeepPartialEntity<Finding>);
  }
  if (inserts.length) await m.insert(Finding, inserts);

  const cleared = existing.filter((f) => f.status === 'open' && !wanted.has(`${f.kind}|${f.subjectKey}`)).map((f) => f.id);
  if (cleared.length) await m.update(Finding, { id: In(cleared) }, { status: 'resolved', resolvedAt: now });
}
