import type { EntityManager } from 'typeorm';
import { checkReportYear, judgeReportLikeness, type ReportLikeness } from '@app/domain';
import type { Analysis } from '@app/report-analyzer/types';

/** The domain rule over this analysis; null when the file reads as a rule-of-law report. */
export function notAReport(analysis: Analysis, townshipName: string | null): ReportLikeness | null {
  const r = judgeReportLikeness({
    text: analysis.text,
    detectedTownship: analysis.township.name,
    declaredTownship: townshipName,
    sectionKinds: analysis.sections.map((x) => x.kind),
    evidencedObligations: analysis.obligations.filter((o) => o.status === 'evidenced').length,
  });
  return r.isReport ? null : r;
}

/** A held annual report: not a report, or its text states another year than the upload's. */
export interface Held {
  status: 'rejected_not_report' | 'needs_year_confirmation';
  code: 'NOT_A_REPORT' | 'YEAR_MISMATCH';
  reason: string;
}

/** The year rule over this analysis; null when the year stands (or the township confirmed it). */
export function heldForYear(analysis: Analysis, s: { year: number; yearConfirmedAt?: Date | null }): Held | null {
  const r = checkReportYear({ declaredYear: s.year, detectedYear: analysis.reportYear, confirmed: !!s.yearConfirmedAt });
  return r.hold ? { status: 'needs_year_confirmation', code: 'YEAR_MISMATCH', reason: r.reasonZh! } : null;
}

/**
 * Tells the township's users in the app why their annual report is held (inside the writer's transaction; in-app
 * rows are delivered by being stored, as the reminders' are). One row per user, cause and analyzer version, so a
 * re-run does not repeat it.
 */
export async function notifyHeld(
  m: EntityManager,
  s: { id: string; townshipId: string; year: number; fileName: string },
  countyId: string | null,
  held: Held,
  analyzerVersion: string,
  now: Date,
): Promise<void> {
  const kind = held.status === 'rejected_not_report' ? 'not_a_report' : 'year_confirmation';
  const subject = held.status === 'rejected_not_report' ? `【法治政府建设】《${s.fileName}》未被认定为${s.year}年度报告` : `【法治政府建设】《${s.fileName}》的报告年度待确认`;
  const body =
    held.status === 'rejected_not_report'
      ? `您作为${s.year}年度报告提交的《${s.fileName}》未被认定为年度报告。${held.reason}`
      : `您作为${s.year}年度报告提交的《${s.fileName}》：${held.reason}`;
  await m.query(
    `INSERT INTO notifications (dedupe_key, channel, recipient_user_id, township_id, county_id, kind, subject, body, payload, status, sent_at)
     SELECT $9 || ':' || $1 || ':' || $7 || ':' || u.id || ':in_app', 'in_app', u.id, $2, $3, $9, $4, $5, $6::jsonb, 'sent', $8
       FROM users u WHERE u.role = 'township' AND u.township_id = $2 AND u.disabled = false
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [s.id, s.townshipId, countyId, subject, body, JSON.stringify({ submissionId: s.id, year: s.year }), analyzerVersion, now, kind],
  );
}
