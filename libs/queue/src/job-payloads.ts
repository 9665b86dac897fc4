/** Payload types: ids and small scalars only, so a job never carries a stale copy of a document. */
export interface AnalyzeSubmissionJob {
  submissionId: string;
}
/** Same payload as analysis: the submission row says the rest (its `needs_ocr` flag is the durable intent). */
export type OcrSubmissionJob = AnalyzeSubmissionJob;
/** Progress of an OCR job (job.updateProgress), also kept on the submission row while it runs. */
export interface OcrProgress {
  page: number;
  total: number;
}
/**
 * Why a bulk re-analysis runs: `analyzer_version` — the code or the lexicon changed (part of the version), so every
 * submission not analysed by this version; `template` — only the checklists are recomputed (the text analysis does not
 * depend on the template); `manual` — every submission in scope is analysed again.
 */
export const REANALYSIS_REASONS = ['analyzer_version', 'template', 'manual'] as const;
export type ReanalysisReason = (typeof REANALYSIS_REASONS)[number];
export interface ReanalyzeAllJob {
  reason: ReanalysisReason;
  /** Limit to one county / year when given. */
  countyId?: string;
  year?: number;
  requestedBy?: string;
}
export interface RecomputeChecklistJob {
  townshipId: string;
  year: number;
}
export interface RunRemindersJob {
  /** ISO date (Asia/Shanghai) the run evaluates; defaults to today when absent. */
  asOf?: string;
}
export interface CountyRemindersJob {
  countyId: string;
  asOf: string;
  /** The run's instant (ISO), the same for every county of the run. */
  now: string;
}
export interface DeliverNotificationJob {
  notificationId: string;
  /** Times a group robot answered "too many messages" and the job waited without using an attempt. */
  rateLimitWaits?: number;
}
export type SweepStuckSubmissionsJob = Record<string, never>;
