// The queue contract shared by api (adds jobs) and worker (processes them). Payloads carry ids, never documents.

export const QUEUES = {
  /** Analyse one submission and recompute its township-year checklist. */
  analysis: 'analysis',
  /**
   * Read one scan or photo by OCR and analyse its text. Slow (seconds per page), so it has its own queue and
   * concurrency: a long scan never holds up text reports, which stay on `analysis`.
   */
  ocr: 'ocr',
  /** Re-analyse many submissions after the template, the wording data or the analyzer version changed. */
  reanalysis: 'reanalysis',
  /** Recompute one township-year checklist (after a review decision, a template edit, a village-count change). */
  checklist: 'checklist',
  /** The daily reminder run and one-off deliveries on outward channels (email, webhook). */
  reminders: 'reminders',
  notifications: 'notifications',
  /** Housekeeping: the sweeper that re-enqueues submissions lost between PostgreSQL and Redis. */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  analyzeSubmission: 'analyze-submission',
  ocrSubmission: 'ocr-submission',
  reanalyzeAll: 'reanalyze-all',
  recomputeChecklist: 'recompute-checklist',
  runReminders: 'run-reminders',
  /** One county's share of a reminder run: a child of the run's job on the same queue. */
  runCountyReminders: 'run-county-reminders',
  deliverNotification: 'deliver-notification',
  sweepStuckSubmissions: 'sweep-stuck-submissions',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Each worker process refreshes `<key>:<instance>` every few seconds; the api's /health reads them. */
export const WORKER_HEARTBEAT_KEY = 'fazhi:worker:heartbeat';
export const WORKER_HEARTBEAT_TTL_SECONDS = 30;
