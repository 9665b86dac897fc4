// What a judgement wants open, and the subject keys that name what a finding is about. Pure.
import { createHash } from 'node:crypto';
import type { FindingKind } from './statuses';

/** A finding the judgement wants open; the store opens, reopens or resolves rows to match (by kind and subject). */
export interface FindingSpec {
  kind: FindingKind;
  subjectKey: string;
  message: string;
  dueDate: string | null;
  checklistItemId?: string | null;
  planItemId?: string | null;
  problemId?: string | null;
  details?: Record<string, unknown>;
}

// Subject keys name what a finding is about in words that survive re-analysis and re-upload: an obligation id, or a
// plan item / problem by its text (not its row id, which a re-upload replaces), so the township's response to a
// finding stays attached.

export const itemSubject = (obligationId: string) => `item:${obligationId}`;
export const REPORT_SUBJECT = 'report';

/** `plan:2023:<hash>` for each text, with `#n` for the n-th repeat of the same text in one report. */
export function textSubjects(prefix: 'plan' | 'problem', year: number, texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const hash = createHash('sha1').update(text.replace(/\s+/g, '')).digest('hex').slice(0, 16);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    return `${prefix}:${year}:${hash}${n ? `#${n}` : ''}`;
  });
}
