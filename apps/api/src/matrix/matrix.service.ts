import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isItemMet, todayIn, yearOf } from '@app/domain';
import {
  Checklist,
  County,
  ChecklistItem,
  ChecklistTemplate,
  Township,
  findTemplateFor,
  latestTemplateYear,
  readInOneSnapshot,
  templateObligations,
  townshipsWithSubmittedReport,
  type ItemStatus,
  type RequirementKind,
  type SubmissionStatus,
} from '@app/persistence';
import { AccessScope } from '../common/access-scope.service';
import type { Principal } from '../common/principal';

export interface MatrixObligation {
  id: string;
  name: string;
  area: string;
  tier: string;
  weight: number;
  /** What a numeric requirement asks (presence: no threshold), for reading a cell's measured value against it. */
  requirement: { kind: RequirementKind; threshold: number | null; unit: string | null };
}

export interface MatrixRow {
  townshipId: string;
  townshipName: string;
  townshipCode: string;
  checklistId: string | null;
  templateVersion: number | null;
  /** 'not_submitted' (未报送): no annual report for the year yet — score and rank are then null, never 0. */
  reportStatus: ReportStatus;
  score: number | null;
  /** Among the townships that reported; null for those that have not. */
  rank: number | null;
  openFindings: number;
  /** obligation id → effective status; 'missing' where the township has no checklist or no such item. */
  statuses: Record<string, ItemStatus>;
  /** obligation id → measured value, only where one was measured (numeric requirements): a few numbers a row. */
  values: Record<string, number>;
  /** Status of the township's latest annual report of the year (withdrawn ones aside); null: none at all. */
  latestReportStatus: SubmissionStatus | null;
}

export const REPORT_STATUSES = ['submitted', 'not_submitted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface MatrixCoverage {
  obligationId: string;
  met: number;
  /** Townships the obligation applies to (waived ones drop out, as in scoring). */
  applicable: number;
  /** met ÷ applicable, 0–1; null when it applies to no township. */
  share: number | null;
}

export interface CountyMatrix {
  county: { id: string; name: string; code: string };
  year: number;
  template: Pick<ChecklistTemplate, 'id' | 'year' | 'version' | 'title'> | null;
  obligations: MatrixObligation[];
  /** Ranked: score descending, ties share a rank (1, 1, 3); townships that have not reported last, unranked. */
  townships: MatrixRow[];
  coverage: MatrixCoverage[];
}

/** Townships × obligations for one county and year: the auditor's overview, and the source of both exports. */
@Injectable()
export class MatrixService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
  ) {}

  /** Without a year: the latest report year that has a template (the county's or the default) and has begun. */
  async build(user: Principal, countyId: string, requestedYear?: number): Promise<CountyMatrix> {
    return this.buildFor(await this.scope.county(user, countyId), requestedYear);
  }

  /**
   * The matrix of a county already authorised by the caller (a signed report link is its own authorisation), from
   * one snapshot: a recompute committing meanwhile never pairs one township's new score with its old statuses.
   */
  buildFor(county: County, requestedYear?: number): Promise<CountyMatrix> {
    return readInOneSnapshot(this.dataSource, (m) => this.read(m, county, requestedYear));
  }

  private async read(m: EntityManager, county: County, requestedYear?: number): Promise<CountyMatrix> {
    const countyId = county.id;
    const year = requestedYear ?? (await latestTemplateYear(m, countyId, yearOf(todayIn(this.config.timeZone, new Date())))) ?? yearOf(todayIn(this.config.timeZone, new Date()));
    const template = await findTemplateFor(m, countyId, year);
    const obligations = template ? await templateObligations(m, template.id) : [];
    const townships = await m.find(Township, { where: { countyId, disabled: false }, order: { code: 'ASC' } });
    const ids = townships.map((t) => t.id);
    const checklists = ids.length ? await m.find(Checklist, { where: { townshipId: In(ids), year } }) : [];
    const items = checklists.length ? await m.find(ChecklistItem, { where: { checklistId: In(checklists.map((c) => c.id)) } }) : [];
    const findingCounts: { township_id: string; n: number }[] = ids.length
      ? await m.query(`SELECT township_id, count(*)::int AS n FROM findings WHERE status = 'open' AND year = $1 AND township_id = ANY($2) GROUP BY township_id`, [year, ids])
      : [];
    const reported = await townshipsWithSubmittedReport(m, ids, year);
    const latestReports = await latestReportStatuses(m, ids, year);
    const templateVersions = new Map(
      (checklists.length ? await m.find(ChecklistTemplate, { where: { id: In([...new Set(checklists.map((c) => c.templateId))]) } }) : []).map((t) => [t.id, t.version]),
    );

    const rows: MatrixRow[] = townships.map((t) => {
      const checklist = checklists.find((c) => c.townshipId === t.id) ?? null;
      const own = checklist ? items.filter((i) => i.checklistId === checklist.id) : [];
      const byObligation = new Map(own.map((i) => [i.obligationId, i.status]));
      const values = Object.fromEntries(own.filter((i) => i.measuredValue !== null).map((i) => [i.obligationId, i.measuredValue!]));
      const reportStatus: ReportStatus = reported.has(t.id) ? 'submitted' : 'not_submitted';
      return {
        townshipId: t.id,
        townshipName: t.name,
        townshipCode: t.code,
        checklistId: checklist?.id ?? null,
        templateVersion: checklist ? (templateVersions.get(checklist.templateId) ?? null) : null,
        reportStatus,
        score: reportStatus === 'submitted' ? (checklist?.score ?? 0) : null,
        rank: null,
        openFindings: findingCounts.find((f) => f.township_id === t.id)?.n ?? 0,
        statuses: Object.fromEntries(obligations.map((o) => [o.obligationId, byObligation.get(o.obligationId) ?? 'missing'])),
        values,
        latestReportStatus: latestReports.get(t.id) ?? null,
      };
    });
    rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.townshipCode.localeCompare(b.townshipCode));
    rows.forEach((r, i) => {
      if (r.score === null) return;
      r.rank = i > 0 && rows[i - 1].score === r.score ? rows[i - 1].rank : i + 1;
    });

    const coverage = obligations.map((o) => {
      const statuses = rows.map((r) => r.statuses[o.obligationId]);
      const applicable = statuses.filter((s) => s !== 'waived').length;
      const met = statuses.filter((s) => s !== 'waived' && isItemMet(s)).length;
      return { obligationId: o.obligationId, met, applicable, share: applicable ? Math.round((met / applicable) * 1000) / 1000 : null };
    });

    return {
      county: { id: county.id, name: county.name, code: county.code },
      year,
      template: template ? { id: template.id, year: template.year, version: template.version, title: template.title } : null,
      obligations: obligations.map((o) => ({
        id: o.obligationId,
        name: o.nameZh,
        area: o.area,
        tier: o.tier,
        weight: o.weight,
        requirement: { kind: o.requirementKind, threshold: o.threshold, unit: o.unit },
      })),
      townships: rows,
      coverage,
    };
  }
}

/** Each township's latest annual report of the year that is not withdrawn, by status (the overview's counts). */
async function latestReportStatuses(m: EntityManager, townshipIds: string[], year: number): Promise<Map<string, SubmissionStatus>> {
  if (!townshipIds.length) return new Map();
  const rows: { township_id: string; status: SubmissionStatus }[] = await m.query(
    `SELECT DISTINCT ON (township_id) township_id, status::text AS status FROM submissions
      WHERE year = $1 AND kind = 'annual_report' AND withdrawn_at IS NULL AND township_id = ANY($2::uuid[])
      ORDER BY township_id, submitted_at DESC, id DESC`,
    [year, townshipIds],
  );
  return new Map(rows.map((r) => [r.township_id, r.status]));
}
