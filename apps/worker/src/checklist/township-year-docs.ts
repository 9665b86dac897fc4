import type { EntityManager } from 'typeorm';
import { Submission } from '@app/persistence';

/**
 * The documents that speak for one township-year. Only the latest analysed annual report counts (a re-upload
 * supersedes the earlier file), plus every analysed evidence file for the year's checklist items. A submission
 * being re-analysed keeps counting with its previous results until the new ones are written.
 */
export interface TownshipYearDocs {
  currentReport: Submission | null;
  evidenceFiles: Submission[];
  /** Annual reports that were received and not rejected as unreadable: these count as submitted. */
  submittedReports: Submission[];
}

const hasAnalysis = (s: Submission) => s.analyzedAt !== null && s.status !== 'failed';

export async function loadTownshipYearDocs(m: EntityManager, townshipId: string, year: number): Promise<TownshipYearDocs> {
  const reports = await m.find(Submission, { where: { townshipId, year, kind: 'annual_report' }, order: { submittedAt: 'ASC', id: 'ASC' } });
  const evidenceFiles = await m
    .createQueryBuilder(Submission, 's')
    .innerJoin('checklist_items', 'ci', 'ci.id = s.checklist_item_id')
    .innerJoin('checklists', 'c', 'c.id = ci.checklist_id')
    .where(`s.kind = 'evidence' AND c.township_id = :townshipId AND c.year = :year`, { townshipId, year })
    .getMany();
  const analysed = reports.filter(hasAnalysis);
  return {
    currentReport: analysed.length ? analysed[analysed.length - 1] : null,
    evidenceFiles: evidenceFiles.filter(hasAnalysis),
    submittedReports: reports.filter((s) => s.status !== 'failed'),
  };
}

export function currentSubmissionIds(docs: TownshipYearDocs): string[] {
  return [...(docs.currentReport ? [docs.currentReport.id] : []), ...docs.evidenceFiles.map((s) => s.id)];
}

/** The largest value each (obligation, metric key) reaches across the current documents. */
export async function loadMetricMaxima(m: EntityManager, submissionIds: string[]): Promise<Map<string, { value: number; unit: string }>> {
  const out = new Map<string, { value: number; unit: string }>();
  if (!submissionIds.length) return out;
  const rows: { obligation_id: string; key: string; value: number; unit: string }[] = await m.query(
    `SELECT DISTINCT ON (obligation_id, key) obligation_id, key, value, unit
       FROM metric_values WHERE submission_id = ANY($1::uuid[])
      ORDER BY obligation_id, key, value DESC`,
    [submissionIds],
  );
  for (const r of rows) out.set(`${r.obligation_id}.${r.key}`, { value: Number(r.value), unit: r.unit });
  return out;
}

/** The columns of a submission the recompute reads (loadTownshipYearDocs minus the rest of the row). */
export type DocRow = Pick<Submission, 'id' | 'status' | 'analyzedAt' | 'submittedAt' | 'publishedAt' | 'publishedUrl'>;

export interface TownshipYearDocRows {
  currentReport: DocRow | null;
  evidenceFiles: DocRow[];
  submittedReports: DocRow[];
}

const DOC_COLUMNS = `s.id, s.status::text AS status, s.analyzed_at AS "analyzedAt", s.submitted_at AS "submittedAt",
  s.published_at::text AS "publishedAt", s.published_url AS "publishedUrl"`;

function toDocs(reports: DocRow[], evidenceFiles: DocRow[]): TownshipYearDocRows {
  const analysed = reports.filter(hasAnalysis as (s: DocRow) => boolean);
  return {
    currentReport: analysed.length ? analysed[analysed.length - 1] : null,
    evidenceFiles: evidenceFiles.filter(hasAnalysis as (s: DocRow) => boolean),
    submittedReports: reports.filter((s) => s.status !== 'failed'),
  };
}

/**
 * loadTownshipYearDocs in one round trip and only the columns the recompute needs; with `reportsOnly` the evidence
 * files are left out (evidenceFiles empty) for callers that only need the current report.
 */
export async function loadDocRows(m: EntityManager, townshipId: string, year: number, reportsOnly = false): Promise<TownshipYearDocRows> {
  const rows: (DocRow & { kind: string })[] = await m.query(
    `SELECT 'annual_report' AS kind, ${DOC_COLUMNS} FROM submissions s
      WHERE s.township_id = $1 AND s.year = $2 AND s.kind = 'annual_report'
     ${reportsOnly ? '' : `UNION ALL
     SELECT 'evidence' AS kind, ${DOC_COLUMNS} FROM submissions s
       JOIN checklist_items ci ON ci.id = s.checklist_item_id
       JOIN checklists c ON c.id = ci.checklist_id
      WHERE s.kind = 'evidence' AND c.township_id = $1 AND c.year = $2`}
     ORDER BY "submittedAt", id`,
    [townshipId, year],
  );
  // Same order as loadTownshipYearDocs: submittedAt, then id.
  return toDocs(rows.filter((r) => r.kind === 'annual_report'), rows.filter((r) => r.kind === 'evidence'));
}

export function currentDocIds(docs: TownshipYearDocRows): string[] {
  return [...(docs.currentReport ? [docs.currentReport.id] : []), ...docs.evidenceFiles.map((s) => s.id)];
}
