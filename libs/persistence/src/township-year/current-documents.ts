import type { EntityManager } from 'typeorm';
import { NOT_COUNTED_STATUSES, Submission } from '../entities/submission.entity';

/**
 * The documents that speak for one township-year — the one definition the api view, the recompute and the reminder
 * planner share. Only the latest analysed annual report counts (a re-upload supersedes the earlier file), plus
 * every analysed evidence file for the year's checklist items. Withdrawn submissions never count. A submission
 * being re-analysed keeps counting with its previous results until the new ones are written.
 */
export interface TownshipYearDocs {
  currentReport: Submission | null;
  evidenceFiles: Submission[];
  /** Annual reports received and not withdrawn nor rejected as unreadable: these count as submitted. */
  submittedReports: Submission[];
}

/** The columns of a submission the recompute reads. */
export type DocRow = Pick<Submission, 'id' | 'status' | 'analyzedAt' | 'submittedAt' | 'publishedAt' | 'publishedUrl'>;

export interface TownshipYearDocRows {
  currentReport: DocRow | null;
  evidenceFiles: DocRow[];
  submittedReports: DocRow[];
}

/** Unreadable files and annual reports that are not reports (rejected_not_report) count for nothing. */
const counts = (s: Pick<Submission, 'status'>) => !(NOT_COUNTED_STATUSES as readonly string[]).includes(s.status);
const hasAnalysis = (s: Pick<Submission, 'analyzedAt' | 'status'>) => s.analyzedAt !== null && counts(s);

/**
 * A year's annual reports (not withdrawn, in submission order) → its current report (the latest analysed one that
 * counts) and the reports that count as submitted (the api view, the recompute and the reminder planner).
 */
export function reportsOfYear<T extends Pick<Submission, 'status' | 'analyzedAt'>>(reports: T[]): { currentReport: T | null; submittedReports: T[] } {
  const analysed = reports.filter(hasAnalysis);
  return { currentReport: analysed.length ? analysed[analysed.length - 1] : null, submittedReports: reports.filter(counts) };
}

function toDocs<T extends DocRow>(reports: T[], evidenceFiles: T[]): { currentReport: T | null; evidenceFiles: T[]; submittedReports: T[] } {
  return { ...reportsOfYear(reports), evidenceFiles: evidenceFiles.filter(hasAnalysis) };
}

/** The year's documents as whole rows (the api view and the reminder planner). */
export async function loadTownshipYearDocs(m: EntityManager, townshipId: string, year: number): Promise<TownshipYearDocs> {
  const reports = await m
    .createQueryBuilder(Submission, 's')
    .where(`s.township_id = :townshipId AND s.year = :year AND s.kind = 'annual_report' AND s.withdrawn_at IS NULL`, { townshipId, year })
    .orderBy('s.submitted_at', 'ASC')
    .addOrderBy('s.id', 'ASC')
    .getMany();
  const evidenceFiles = await m
    .createQueryBuilder(Submission, 's')
    .innerJoin('checklist_items', 'ci', 'ci.id = s.checklist_item_id')
    .innerJoin('checklists', 'c', 'c.id = ci.checklist_id')
    .where(`s.kind = 'evidence' AND s.withdrawn_at IS NULL AND c.township_id = :townshipId AND c.year = :year`, { townshipId, year })
    .orderBy('s.submitted_at', 'ASC')
    .addOrderBy('s.id', 'ASC')
    .getMany();
  return toDocs(reports, evidenceFiles);
}

const DOC_COLUMNS = `s.id, s.status::text AS status, s.analyzed_at AS "analyzedAt", s.submitted_at AS "submittedAt",
  s.published_at::text AS "publishedAt", s.published_url AS "publishedUrl"`;

/**
 * loadTownshipYearDocs in one round trip and only the columns the recompute needs; with `reportsOnly` the evidence
 * files are left out (evidenceFiles empty) for callers that only need the current report.
 */
export async function loadDocRows(m: EntityManager, townshipId: string, year: number, reportsOnly = false): Promise<TownshipYearDocRows> {
  const rows: (DocRow & { kind: string })[] = await m.query(
    `SELECT 'annual_report' AS kind, ${DOC_COLUMNS} FROM submissions s
      WHERE s.township_id = $1 AND s.year = $2 AND s.kind = 'annual_report' AND s.withdrawn_at IS NULL
     ${reportsOnly ? '' : `UNION ALL
     SELECT 'evidence' AS kind, ${DOC_COLUMNS} FROM submissions s
       JOIN checklist_items ci ON ci.id = s.checklist_item_id
       JOIN checklists c ON c.id = ci.checklist_id
      WHERE s.kind = 'evidence' AND s.withdrawn_at IS NULL AND c.township_id = $1 AND c.year = $2`}
     ORDER BY "submittedAt", id`,
    [townshipId, year],
  );
  return toDocs(rows.filter((r) => r.kind === 'annual_report'), rows.filter((r) => r.kind === 'evidence'));
}

/** A metric row of a document, carried on the document by loadDocRowsOfYears. */
export interface DocMetric {
  obligationId: string;
  key: string;
  value: number;
  unit: string;
}
export type DocRowWithMetrics = DocRow & { metrics: DocMetric[] };
export type TownshipYearDocRowsWithMetrics = { currentReport: DocRowWithMetrics | null; evidenceFiles: DocRowWithMetrics[]; submittedReports: DocRowWithMetrics[] };

/**
 * loadDocRows for several years of one township in one round trip (the recompute reads year − 1, year and
 * year + 1), each document carrying its metric rows. Every year in `years` gets an entry (empty when nothing).
 */
export async function loadDocRowsOfYears(m: EntityManager, townshipId: string, years: number[]): Promise<Map<number, TownshipYearDocRowsWithMetrics>> {
  const METRICS = `(SELECT coalesce(jsonb_agg(jsonb_build_object('obligationId', mv.obligation_id, 'key', mv.key, 'value', mv.value, 'unit', mv.unit)), '[]'::jsonb)
      FROM metric_values mv WHERE mv.submission_id = s.id) AS metrics`;
  const rows: (DocRowWithMetrics & { kind: string; year: number })[] = await m.query(
    `SELECT 'annual_report' AS kind, s.year, ${DOC_COLUMNS}, ${METRICS} FROM submissions s
      WHERE s.township_id = $1 AND s.year = ANY($2::int[]) AND s.kind = 'annual_report' AND s.withdrawn_at IS NULL
     UNION ALL
     SELECT 'evidence' AS kind, c.year, ${DOC_COLUMNS}, ${METRICS} FROM submissions s
       JOIN checklist_items ci ON ci.id = s.checklist_item_id
       JOIN checklists c ON c.id = ci.checklist_id
      WHERE s.kind = 'evidence' AND s.withdrawn_at IS NULL AND c.township_id = $1 AND c.year = ANY($2::int[])
     ORDER BY "submittedAt", id`,
    [townshipId, years],
  );
  const byYear = new Map<number, TownshipYearDocRowsWithMetrics>();
  for (const year of years) {
    const ofYear = rows.filter((r) => r.year === year);
    byYear.set(year, toDocs(ofYear.filter((r) => r.kind === 'annual_report'), ofYear.filter((r) => r.kind === 'evidence')));
  }
  return byYear;
}

/** Ids of the current documents: the current report and the evidence files. */
export function currentDocIds(docs: { currentReport: { id: string } | null; evidenceFiles: { id: string }[] }): string[] {
  return [...(docs.currentReport ? [docs.currentReport.id] : []), ...docs.evidenceFiles.map((s) => s.id)];
}

/**
 * The SQL twin of `submittedReports` for set-based queries: a condition on the submissions row `alias` that holds
 * when it is an annual report that counts as submitted (not withdrawn, none of NOT_COUNTED_STATUSES). The statuses
 * are the entity's constants, so inlining them is safe.
 */
export function countsAsSubmittedReportSql(alias: string): string {
  return `${alias}.kind = 'annual_report' AND ${alias}.withdrawn_at IS NULL
    AND ${alias}.status::text NOT IN (${NOT_COUNTED_STATUSES.map((st) => `'${st}'`).join(', ')})`;
}

/**
 * The SQL twin of `currentReport` as a scalar subquery: the id of the current annual report of the township and year
 * the SQL expressions name (null when none), in loadDocRows' order.
 */
export function currentReportIdSql(townshipIdExpr: string, yearExpr: string): string {
  return `(SELECT cr.id FROM submissions cr
            WHERE cr.township_id = ${townshipIdExpr} AND cr.year = ${yearExpr} AND cr.analyzed_at IS NOT NULL AND ${countsAsSubmittedReportSql('cr')}
            ORDER BY cr.submitted_at DESC, cr.id DESC LIMIT 1)`;
}

/**
 * Of these townships, the ones that have submitted the year's annual report (received, not withdrawn, not rejected
 * as unreadable) — the same rule as `submittedReports`.
 */
export async function townshipsWithSubmittedReport(m: EntityManager, townshipIds: string[], year: number): Promise<Set<string>> {
  if (!townshipIds.length) return new Set();
  const rows: { township_id: string }[] = await m.query(
    `SELECT DISTINCT township_id FROM submissions s
      WHERE s.year = $1 AND s.township_id = ANY($2::uuid[]) AND ${countsAsSubmittedReportSql('s')}`,
    [year, townshipIds],
  );
  return new Set(rows.map((r) => r.township_id));
}

/**
 * Each township's current annual report of the year (township id → submission id) — `currentReport` for many
 * townships in one statement: the latest analysed report that counts as submitted, in loadDocRows' order.
 */
export async function currentReportIds(m: EntityManager, townshipIds: string[], year: number): Promise<Map<string, string>> {
  if (!townshipIds.length) return new Map();
  const rows: { township_id: string; id: string }[] = await m.query(
    `SELECT DISTINCT ON (s.township_id) s.township_id, s.id FROM submissions s
      WHERE s.year = $1 AND s.township_id = ANY($2::uuid[]) AND s.analyzed_at IS NOT NULL AND ${countsAsSubmittedReportSql('s')}
      ORDER BY s.township_id, s.submitted_at DESC, s.id DESC`,
    [year, townshipIds],
  );
  return new Map(rows.map((r) => [r.township_id, r.id]));
}
