import type { ChecklistView } from '../township-year/useChecklist';

export type TaskKind = '佐证材料待审' | '机器把握较低' | '未达标待核实' | '乡镇已答复' | '已答复审核意见' | '驳回后已补充';

export interface Task {
  key: string;
  kind: TaskKind;
  township: string;
  title: string;
  since: string;
  href: string;
  /** How sure the machine was (0–1): the analyzer's claim confidence, or the OCR's when lower; null when a person wrote it. */
  confidence: number | null;
}

/** Automatic quotes the analyzer marked as weak claims (a sub-heading alone, the opening summary…) wait for a person. */
export const LOW_CONFIDENCE = 0.75;

type EvidenceView = ChecklistView['items'][number]['evidence'][number];

/** The machine's certainty of a quote: the weaker of the claim and, for a scan or photo, the OCR reading. */
export function certaintyOf(e: Pick<EvidenceView, 'confidence' | 'ocrConfidence'>): number | null {
  const values = [e.confidence, e.ocrConfidence].filter((v): v is number => typeof v === 'number');
  return values.length ? Math.min(...values) : null;
}

/**
 * Everything in one checklist waiting for an auditor. Evidence files (submissions of kind "evidence", or added by
 * hand) wait until judged; of the annual report's own quotes only the weak claims (below LOW_CONFIDENCE) are queued.
 */
export function tasksOf(c: ChecklistView, evidenceFiles: Set<string>): Task[] {
  const base = `/townships/${c.township.id}/${c.year}`;
  const out: Task[] = [];
  for (const i of c.items) {
    const href = `${base}?item=${encodeURIComponent(i.obligationId)}`;
    for (const e of i.evidence) {
      if (e.reviewState !== 'pending') continue;
      const confidence = certaintyOf(e);
      if (e.source === 'manual' || (e.submissionId !== null && e.submissionId !== undefined && evidenceFiles.has(e.submissionId)))
        out.push({ key: `e-${e.id}`, kind: '佐证材料待审', township: c.township.name, title: i.name, since: e.createdAt, href, confidence });
      else if (confidence !== null && confidence < LOW_CONFIDENCE && !i.decision)
        out.push({ key: `c-${e.id}`, kind: '机器把握较低', township: c.township.name, title: `${i.name}：“${e.quote ?? ''}”`, since: e.createdAt, href, confidence });
    }
    if (i.status === 'below_threshold' && !i.decision) out.push({ key: `b-${i.id}`, kind: '未达标待核实', township: c.township.name, title: i.name, since: c.recomputedAt ?? i.dueDate, href, confidence: null });
    // The api flags an item the township answered, added a file or a note to after a rejection (awaitingReview).
    if (i.awaitingReview && i.reviewRequestedAt)
      out.push({ key: `r-${i.id}`, kind: REQUEST_KIND_ZH[i.reviewRequestCause ?? ''] ?? '驳回后已补充', township: c.township.name, title: i.name, since: i.reviewRequestedAt, href, confidence: null });
    else if (i.decision === 'rejected' && i.decidedAt && i.evidence.some((e) => e.createdAt > i.decidedAt!))
      out.push({ key: `r-${i.id}`, kind: '驳回后已补充', township: c.township.name, title: i.name, since: i.evidence.map((e) => e.createdAt).sort().pop()!, href, confidence: null });
  }
  return out;
}

/** Why the item is back with the auditor, as the queue's kind column reads it. */
const REQUEST_KIND_ZH: Record<string, TaskKind> = { finding_response: '乡镇已答复', question_answered: '已答复审核意见' };

export type TaskOrder = 'oldest' | 'confidence';

/** Oldest first, or the machine's weakest readings first (then oldest); work a person wrote comes after those. */
export function sortTasks(tasks: Task[], order: TaskOrder): Task[] {
  const byTime = (a: Task, b: Task) => a.since.localeCompare(b.since);
  if (order === 'oldest') return [...tasks].sort(byTime);
  return [...tasks].sort((a, b) => (a.confidence ?? 2) - (b.confidence ?? 2) || byTime(a, b));
}
