import type { Schemas } from '../../api/client';

type ChecklistView = Schemas['ChecklistViewDto'];

// Pure rules of the township-year page (unit-tested in web-logic.spec.ts).

/** Whether a person may withdraw a submission: county staff at any time, the township until the report deadline. */
export function canWithdraw(role: string, s: { withdrawnAt?: string | null }, reportDeadline: string | undefined, today: string): boolean {
  if (s.withdrawnAt) return false;
  if (role === 'admin' || role === 'auditor') return true;
  return role === 'township' && !!reportDeadline && today <= reportDeadline;
}

/**
 * A checklist view with one reviewed item and the new score from the review's answer. A comment alone (`decided`
 * false) keeps the decision's time and is a question the township has yet to answer.
 */
export function applyReview(c: ChecklistView, r: Schemas['ReviewedItemDto'], decided = true): ChecklistView {
  return {
    ...c,
    score: r.checklistScore,
    items: c.items.map((i) =>
      i.id === r.id
        ? {
            ...i,
            status: r.status,
            decision: r.decision ?? null,
            decisionReason: r.decisionReason ?? null,
            comment: r.comment ?? null,
            commentAt: r.commentAt ?? null,
            ...(decided ? { decidedAt: new Date().toISOString() } : { openQuestion: !!r.comment }),
          }
        : i,
    ),
  };
}

