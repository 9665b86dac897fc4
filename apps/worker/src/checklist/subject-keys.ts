import { createHash } from 'node:crypto';

// Finding subject keys name what a finding is about in words that survive re-analysis and re-upload: an obligation
// id, or a plan item / problem by its text (not its row id, which a re-upload replaces), so the township's response
// to a finding stays attached.

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
