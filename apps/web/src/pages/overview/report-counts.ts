import { NOT_SUBMITTED_ZH, SUBMISSION_STATUS_ZH } from '../../catalogue';

type Status = keyof typeof SUBMISSION_STATUS_ZH;
export type ReportState = Status | 'not_submitted';

/** The order the overview lists them: the path of a report, then the ways it can stop short. */
const ORDER: ReportState[] = ['not_submitted', 'received', 'queued', 'analyzing', 'analyzed', 'failed', 'rejected_not_report', 'needs_year_confirmation'];
/** Shown even at zero; the rarer states only when a township is in them. */
const ALWAYS: ReportState[] = ['not_submitted', 'queued', 'analyzing', 'analyzed', 'failed'];

export interface ReportCount {
  state: ReportState;
  label: string;
  count: number;
}

/**
 * Townships by the state of their latest annual report of the year (none: 未报送), in the words used everywhere
 * else: each township is counted once.
 */
export function reportCounts(rows: { latestReportStatus?: string | null }[]): ReportCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const state = r.latestReportStatus ?? 'not_submitted';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return ORDER.filter((s) => ALWAYS.includes(s) || counts.has(s)).map((state) => ({
    state,
    label: state === 'not_submitted' ? NOT_SUBMITTED_ZH : SUBMISSION_STATUS_ZH[state],
    count: counts.get(state) ?? 0,
  }));
}
