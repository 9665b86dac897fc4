import type { EntityManager } from 'typeorm';
import { judgeReportLikeness, type ReportLikeness } from '@app/domain';
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

/**
 * Tells the township's users in the app (inside the writer's transaction; in-app rows are delivered by being stored,
 * as the reminders' are). One row per user and analyzer version, so a re-run does not repeat it.
 */
export async function notifyNotAReport(
  m: EntityManager,
  s: { id: string; townshipId: string; year: number; fileName: string },
  countyId: string | null,
  reason: string,
  analyzerVersion: string,
  now: Date,
): Promise<void> {
  await m.query(
    `INSERT INTO notifications (dedupe_key, channel, recipient_user_id, township_id, county_id, kind, subject, body, payload, status, sent_at)
     SELECT 'not_a_report:' || $1 || ':' || $7 || ':' || u.id || ':in_app', 'in_app', u.id, $2, $3, 'not_a_report', $4, $5, $6::jsonb, 'sent', $8
       FROM users u WHERE u.role = 'township' AND u.township_id = $2 AND u.disabled = false
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      s.id,
      s.townshipId,
      countyId,
      `【法治政府建设】《${s.fileName}》未被认定为${s.year}年度报告`,
      `您作为${s.year}年度报告提交的《${s.fileName}》未被认定为年度报告。${reason}`,
      JSON.stringify({ submissionId: s.id, year: s.year }),
      analyzerVersion,
      now,
    ],
  );
}
