import type { EntityManager } from 'typeorm';
import type { FindingKind } from '@app/persistence';

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
 *
 * Two statements whatever the number of findings: one upsert on (township, year, kind, subject_key) that only
 * touches rows whose values differ, and one UPDATE resolving the open rows of these kinds that are not wanted.
 */
export async function syncFindings(
  m: EntityManager,
  townshipId: string,
  year: number,
  kinds: FindingKind[],
  open: OpenFinding[],
  now: Date,
): Promise<void> {
  const wanted = new Map<string, OpenFinding>();
  for (const spec of open) {
    const key = `${spec.kind}|${spec.subjectKey}`;
    if (!wanted.has(key)) wanted.set(key, spec);
  }
  const specs = [...wanted.values()];
  if (specs.length) {
    await m.query(
      `INSERT INTO findings (township_id, year, kind, subject_key, status, message, due_date, checklist_item_id, plan_item_id, problem_id, details)
       SELECT $1, $2, v.kind::finding_kind, v.subject_key, 'open', v.message, v.due_date, v.checklist_item_id, v.plan_item_id, v.problem_id, v.details
         FROM jsonb_to_recordset($3::jsonb)
              AS v(kind text, subject_key text, message text, due_date date, checklist_item_id uuid, plan_item_id uuid, problem_id uuid, details jsonb)
       ON CONFLICT (township_id, year, kind, subject_key) DO UPDATE
          SET status = 'open', resolved_at = NULL, message = EXCLUDED.message, due_date = EXCLUDED.due_date,
              checklist_item_id = EXCLUDED.checklist_item_id, plan_item_id = EXCLUDED.plan_item_id,
              problem_id = EXCLUDED.problem_id, details = EXCLUDED.details, updated_at = now()
        WHERE (findings.status::text, findings.message, findings.due_date, findings.checklist_item_id, findings.plan_item_id,
               findings.problem_id, findings.details)
              IS DISTINCT FROM ('open', EXCLUDED.message, EXCLUDED.due_date, EXCLUDED.checklist_item_id, EXCLUDED.plan_item_id,
               EXCLUDED.problem_id, EXCLUDED.details)`,
      [
        townshipId,
        year,
        JSON.stringify(
          specs.map((s) => ({
            kind: s.kind,
            subject_key: s.subjectKey,
            message: s.message,
            due_date: s.dueDate,
            checklist_item_id: s.checklistItemId ?? null,
            plan_item_id: s.planItemId ?? null,
            problem_id: s.problemId ?? null,
            details: s.details ?? {},
          })),
        ),
      ],
    );
  }
  await m.query(
    `UPDATE findings SET status = 'resolved', resolved_at = $5, updated_at = now()
      WHERE township_id = $1 AND year = $2 AND kind::text = ANY($3::text[]) AND status = 'open'
        AND NOT ((kind::text || '|' || subject_key) = ANY($4::text[]))`,
    [townshipId, year, kinds, [...wanted.keys()], now],
  );
}
