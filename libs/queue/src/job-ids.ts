// Deterministic job ids from the business key: adding the same job twice while the first is still in Redis is a
// no-op. BullMQ 5 rejects a custom id containing ':' unless it splits into exactly three parts (the legacy repeatable
// form), so every id here has either no ':' or exactly two.

export const jobIds = {
  analyzeSubmission: (submissionId: string, analyzerVersion: string) => `analyze:${submissionId}:${analyzerVersion}`,
  /** A retry after a sweep or a manual re-run needs a fresh id, or BullMQ would keep the finished job. */
  analyzeSubmissionAttempt: (submissionId: string, analyzerVersion: string, attempt: number) =>
    `analyze:${submissionId}:${analyzerVersion}#${attempt}`,
  /** The OCR of a submission the analysis handed over; the attempt form after a sweep or a forced re-analysis. */
  ocrSubmission: (submissionId: string, analyzerVersion: string) => `ocr:${submissionId}:${analyzerVersion}`,
  ocrSubmissionAttempt: (submissionId: string, analyzerVersion: string, attempt: number) =>
    `ocr:${submissionId}:${analyzerVersion}#${attempt}`,
  reanalyzeAll: (reason: string, stamp: string) => `reanalyze:${reason}:${stamp}`,
  recomputeChecklist: (townshipId: string, year: number) => `checklist:${townshipId}:${year}`,
  runReminders: (asOf: string) => `reminders-${asOf}`,
  deliverNotification: (notificationId: string) => `deliver-${notificationId}`,
} as const;
