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
export interface ReanalyzeAllJob {
  /** Why: 'analyzer_version' | 'lexicon' | 'template' | 'manual'. */
  reason: string;
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
export interface DeliverNotificationJob {
  notificationId: string;
  /** Times a group robot answered "too many messages" and the job waited without using an attempt. */
  rateLimitWaits?: number;
}
export type SweepStuckSubmissionsJob = Record<string, never>;
