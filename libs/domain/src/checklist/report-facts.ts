// What the township-year's documents say as facts the checklist reads: submitted, published, and which evidence
// counts. Pure; the one definition the worker's recompute, the reminder run and the api's view share.

/** Obligations judged from the submission's dates and publication, never from text (evidence-rubric §2). */
export const SUBMISSION_OBLIGATION = 'annual_report_submission';
export const PUBLICATION_OBLIGATION = 'annual_report_publication';

export function isMetadataObligation(obligationId: string): boolean {
  return obligationId === SUBMISSION_OBLIGATION || obligationId === PUBLICATION_OBLIGATION;
}

/** "Published": any submitted annual report of the year carries a publication date or address. */
export function isReportPublished(reports: readonly { publishedAt: string | null; publishedUrl: string | null }[]): boolean {
  return reports.some((s) => s.publishedAt !== null || !!s.publishedUrl);
}

export interface EvidenceFacts {
  source: string;
  reviewState: string;
  submissionId: string | null;
}

/**
 * Whether an evidence row belongs to the current view of its item: manual notes, accepted quotes, and quotes of the
 * current documents (rejected ones included, so the reviewer sees them).
 */
export function isCurrentEvidence(e: EvidenceFacts, currentIds: ReadonlySet<string>): boolean {
  return e.source === 'manual' || e.reviewState === 'accepted' || (e.submissionId !== null && currentIds.has(e.submissionId));
}

/** Whether an evidence row shows its item done: current and not rejected by an auditor. */
export function countsAsEvidence(e: EvidenceFacts, currentIds: ReadonlySet<string>): boolean {
  return e.reviewState !== 'rejected' && isCurrentEvidence(e, currentIds);
}
