import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  belowThresholdMessage,
  dueDateFor,
  effectiveItemStatus,
  effectivePlanStatus,
  judgeItem,
  judgePlanItem,
  judgeProblem,
  lateReportMessage,
  missingEvidenceMessage,
  overduePlanMessage,
  planJudgementNote,
  problemJudgementNote,
  rejectedItemMessage,
  scoreChecklist,
  todayIn,
  unpublishedReportMessage,
  unrectifiedProblemMessage,
  villageCounselCoverage,
  type ItemStatus,
  type NextYearFacts,
  type NextYearReport,
} from '@app/domain';
import {
  closeRecomputeRequest,
  currentDocIds,
  ensureChecklist,
  findTemplateFor,
  isReportPublished,
  loadDocRows,
  loadObligationRows,
  openRecomputeRequest,
  type ChecklistTemplate,
  type EnsuredChecklist,
  type ItemRow,
  type ObligationRow,
  type PlanItem,
  type Problem,
  type TownshipYearDocRows,
} from '@app/persistence';
import { CLOCK, type Clock } from '../clock/clock';
import { syncFindings, type OpenFinding } from './finding-sync';
import { lockTownshipYears } from './township-year-lock';
import { REPORT_SUBJECT, itemSubject, textSubjects } from './subject-keys';

/** Obligations judged from the submission's dates and publication, never from text (evidence-rubric §2). */
export const SUBMISSION_OBLIGATION = 'annual_report_submission';
export const PUBLICATION_OBLIGATION = 'annual_report_publication';
const METADATA_OBLIGATIONS = new Set([SUBMISSION_OBLIGATION, PUBLICATION_OBLIGATION]);

export type { EnsuredChecklist, ItemRow, ObligationRow };
type MetricRow = { obligation_id: string; key: string; value: number; unit: string };
type PlanRow = Pick<PlanItem, 'id' | 'text' | 'obligationIds' | 'target' | 'dueDate' | 'overrideStatus'>;
type ProblemRow = Pick<Problem, 'id' | 'text' | 'obligationIds'>;

/**
 * What one transaction has already read or computed, so a write and its recomputes read each thing once. Only valid
 * inside the transaction that made it, and only for what that transaction does not change afterwards: the writer
 * updates the submission row and its evidence/metrics before the first recompute, and nothing after that changes
 * submissions, metrics or item decisions. Templates and their obligations are read fresh per transaction (the api
 * can edit a current-year template's thresholds, weights and due rules in place).
 */
export class RecomputeContext {
  /** By `${countyId}:${year}`: a county's template for a year (its own, else the default). */
  readonly templates = new Map<string, Promise<ChecklistTemplate | null>>();
  readonly obligations = new Map<string, Promise<ObligationRow[]>>();
  readonly checklists = new Map<string, EnsuredChecklist>();
  readonly docs = new Map<string, TownshipYearDocRows>();
  readonly metrics = new Map<string, MetricRow[]>();
  /** Item auto statuses as the recompute of this transaction wrote them, by township-year. */
  readonly judgedItems = new Map<string, ItemRow[]>();
  /** Texts this transaction wrote, by submission id. */
  readonly texts = new Map<string, string>();
  township?: { id: string; countyId: string; name: string; villageCount: number | null };
}

const ty = (townshipId: string, year: number) => `${townshipId}:${year}`;

/**
 * Recomputes a township-year checklist from what is stored: item statuses, scores, findings, and the year-over-year
 * judgement of the previous year's plan items and problems. Everything runs inside the caller's transaction, which
 * holds the township-year lock (see lockTownshipYears). Auditor decisions (item decision, evidence review,
 * plan-item override) are read, never written.
 */
@Injectable()
export class ChecklistRecomputeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Recompute (township, year) in its own transaction under the township-year locks, and re-judge year's own
   * commitments against year+1 (a review decision on either year's items can change either judgement).
   */
  async recomputeLocked(townshipId: string, year: number, now: Date = this.clock.now()): Promise<{ result: 'recomputed' | 'skipped'; score?: number }> {
    return this.ds.transaction(async (m) => {
      const ctx = new RecomputeContext();
      const township = await this.townshipOf(m, ctx, townshipId);
      if (!township) {
        await m.query(`DELETE FROM checklist_recompute_requests WHERE township_id = $1`, [townshipId]);
        return { result: 'skipped' };
      }
      await lockTownshipYears(m, townshipId, [year, year + 1]);
      // Read before anything the recompute reads: a request made after this point keeps its row.
      const request = await openRecomputeRequest(m, townshipId, year);
      const { score } = await this.recompute(m, townshipId, year, now, ctx);
      await this.judgeCommitmentsDueIn(m, townshipId, year + 1, now, ctx);
      await closeRecomputeRequest(m, townshipId, year, request);
      return { result: 'recomputed', score };
    });
  }

  async townshipOf(m: EntityManager, ctx: RecomputeContext, townshipId: string): Promise<RecomputeContext['township'] | null> {
    if (ctx.township?.id === townshipId) return ctx.township;
    const rows: { county_id: string; name: string; village_count: number | null }[] = await m.query(
      `SELECT county_id, name, village_count FROM townships WHERE id = $1`,
      [townshipId],
    );
    if (!rows.length) return null;
    ctx.township = { id: townshipId, countyId: rows[0].county_id, name: rows[0].name, villageCount: rows[0].village_count };
    return ctx.township;
  }

  /** The template the township's county uses for the year (its own, else the default), read once per transaction. */
  private async templateFor(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number): Promise<ChecklistTemplate | null> {
    const township = await this.townshipOf(m, ctx, townshipId);
    if (!township) return null;
    const key = `${township.countyId}:${year}`;
    let t = ctx.templates.get(key);
    if (!t) ctx.templates.set(key, (t = findTemplateFor(m, township.countyId, year)));
    return t;
  }

  /** The checklist with one item per obligation of the template the year uses (libs/persistence ensureChecklist). */
  async ensureChecklist(m: EntityManager, townshipId: string, year: number, ctx: RecomputeContext = new RecomputeContext()): Promise<EnsuredChecklist> {
    const known = ctx.checklists.get(ty(townshipId, year));
    if (known) return known;
    const template = await this.templateFor(m, ctx, townshipId, year);
    const ensured = await ensureChecklist(m, townshipId, year, { template, obligations: (id) => this.obligationsOf(m, id, ctx) });
    ctx.checklists.set(ty(townshipId, year), ensured);
    return ensured;
  }

  private async docsOf(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number): Promise<TownshipYearDocRows> {
    let docs = ctx.docs.get(ty(townshipId, year));
    if (!docs) ctx.docs.set(ty(townshipId, year), (docs = await loadDocRows(m, townshipId, year)));
    return docs;
  }

  /** Every metric row of the year's current documents (one read serves the maxima and the year-over-year facts). */
  private async metricsOf(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number, docs: TownshipYearDocRows): Promise<MetricRow[]> {
    let rows = ctx.metrics.get(ty(townshipId, year));
    if (!rows) {
      const ids = currentDocIds(docs);
      rows = ids.length
        ? ((await m.query(`SELECT obligation_id, key, value, unit FROM metric_values WHERE submission_id = ANY($1::uuid[])`, [ids])) as MetricRow[])
        : [];
      ctx.metrics.set(ty(townshipId, year), rows);
    }
    return rows;
  }

  /** Recompute (township, year) and re-judge the previous year's commitments against it. */
  async recompute(m: EntityManager, townshipId: string, year: number, now: Date, ctx: RecomputeContext = new RecomputeContext()): Promise<{ checklistId: string; score: number }> {
    const today = todayIn(this.config.timeZone, now);
    const { checklist, template, obligations, items } = await this.ensureChecklist(m, townshipId, year, ctx);
    const township = await this.townshipOf(m, ctx, townshipId);
    if (!township) throw new Error(`township ${townshipId} not found`);
    const docs = await this.docsOf(m, ctx, townshipId, year);
    const current = currentDocIds(docs);
    // The largest value each (obligation, metric key) reaches across the current documents.
    const metrics = new Map<string, { value: number; unit: string }>();
    for (const r of await this.metricsOf(m, ctx, townshipId, year, docs)) {
      const k = `${r.obligation_id}.${r.key}`;
      const value = Number(r.value);
      const had = metrics.get(k);
      if (!had || value > had.value) metrics.set(k, { value, unit: r.unit });
    }
    const evidenceCounts = await this.countEvidence(m, items.map((i) => i.id), current);
    const itemByObligation = new Map(items.map((i) => [i.obligationId, i]));
    const submitted = docs.submittedReports.length > 0;
    const published = isReportPublished(docs.submittedReports);

    const judged = obligations.map((o) => {
      const item = itemByObligation.get(o.obligationId)!;
      const metadataFact = o.obligationId === SUBMISSION_OBLIGATION ? submitted : o.obligationId === PUBLICATION_OBLIGATION ? published : false;
      const evidenced = metadataFact || (evidenceCounts.get(item.id) ?? 0) > 0;
      const measured =
        o.obligationId === 'village_legal_counsel'
          ? villageCounselCoverage({
              villagesCovered: metrics.get('village_legal_counsel.villages_covered')?.value ?? null,
              villageCount: township.villageCount,
              statedRate: metrics.get('village_legal_counsel.coverage_rate')?.value ?? null,
            })
          : o.metricKey
            ? (metrics.get(`${o.obligationId}.${o.metricKey}`)?.value ?? null)
            : null;
      const auto = judgeItem({ kind: o.requirementKind, metricKey: o.metricKey, threshold: o.threshold }, { evidenced, measuredValue: measured });
      const status: ItemStatus = effectiveItemStatus(auto.autoStatus, item.decision);
      return { o, item, auto, status, dueDate: dueDateFor(o.dueRule, year) };
    });
    const score = scoreChecklist(judged.map((j) => ({ weight: j.o.weight, status: j.status })));

    await m.query(
      `UPDATE checklist_items ci
          SET auto_status = v.auto_status::auto_item_status, status = v.status::item_status,
              measured_value = v.measured, score = v.score, due_date = v.due, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::date[])
              AS v(id, auto_status, status, measured, score, due)
        WHERE ci.id = v.id
          AND (ci.auto_status::text, ci.status::text, ci.measured_value, ci.score, ci.due_date)
              IS DISTINCT FROM (v.auto_status, v.status, v.measured, v.score, v.due)`,
      [
        judged.map((j) => j.item.id),
        judged.map((j) => j.auto.autoStatus),
        judged.map((j) => j.status),
        judged.map((j) => j.auto.measuredValue),
        score.itemScores,
        judged.map((j) => j.dueDate),
      ],
    );
    // Items of obligations the template no longer has keep their stored status.
    const judgedById = new Map(judged.map((j) => [j.item.id, j.auto.autoStatus]));
    ctx.judgedItems.set(
      ty(townshipId, year),
      items.map((i) => ({ ...i, autoStatus: judgedById.get(i.id) ?? i.autoStatus })),
    );
    await m.query(`UPDATE checklists SET score = $2, recomputed_at = $3, updated_at = now() WHERE id = $1`, [checklist.id, score.score, now]);

    const findings: OpenFinding[] = [];
    // Item findings wait for the year's annual report: until it is analysed every item is "missing" by default, and
    // the late_report finding is the one thing to chase. Metadata obligations have their own report findings.
    if (docs.currentReport) {
      for (const j of judged) {
        if (METADATA_OBLIGATIONS.has(j.o.obligationId)) continue;
        if (j.status === 'missing' || j.status === 'rejected') {
          findings.push({
            kind: 'missing_evidence',
            subjectKey: itemSubject(j.o.obligationId),
            // A rejected item has evidence the auditor did not accept: say so, and why, rather than "missing".
            message:
              j.status === 'rejected'
                ? rejectedItemMessage({ year, itemName: j.o.nameZh, dueDate: j.dueDate, reason: j.item.decisionReason ?? null, reviewRequested: !!j.item.reviewRequestedAt })
                : missingEvidenceMessage({ year, itemName: j.o.nameZh, dueDate: j.dueDate }),
            dueDate: j.dueDate,
            checklistItemId: j.item.id,
            details: {
              obligationId: j.o.obligationId,
              status: j.status,
              ...(j.status === 'rejected' ? { rejected: true, decisionReason: j.item.decisionReason ?? null, awaitingReview: !!j.item.reviewRequestedAt } : {}),
            },
          });
        } else if (j.status === 'below_threshold') {
          findings.push({
            kind: 'below_threshold',
            subjectKey: itemSubject(j.o.obligationId),
            message: belowThresholdMessage({ year, itemName: j.o.nameZh, measured: j.auto.measuredValue!, threshold: j.o.threshold!, unit: j.o.unit ?? '', dueDate: j.dueDate }),
            dueDate: j.dueDate,
            checklistItemId: j.item.id,
            details: { obligationId: j.o.obligationId, measured: j.auto.measuredValue, threshold: j.o.threshold },
          });
        }
      }
    }
    findings.push(...this.reportFindings(template, year, docs, today, itemByObligation));
    await syncFindings(m, townshipId, year, ['missing_evidence', 'below_threshold', 'late_report', 'unpublished_report'], findings, now);

    await this.judgeCommitmentsDueIn(m, townshipId, year, now, ctx);
    return { checklistId: checklist.id, score: score.score };
  }

  /** late_report and unpublished_report: judged from dates against "today" in the county's time zone. */
  private reportFindings(template: ChecklistTemplate, year: number, docs: TownshipYearDocRows, today: string, items: Map<string, ItemRow>): OpenFinding[] {
    const out: OpenFinding[] = [];
    const submitBy = dueDateFor(template.reportSubmitBy, year);
    const publishBy = dueDateFor(template.reportPublishBy, year);
    const first = docs.submittedReports[0];
    const submittedOn = first ? todayIn(this.config.timeZone, first.submittedAt) : null;
    // A report handed in late stays a late_report finding (the lateness is a fact); one never handed in is open
    // from the day after the deadline.
    if ((submittedOn && submittedOn > submitBy) || (!submittedOn && today > submitBy)) {
      out.push({
        kind: 'late_report',
        subjectKey: REPORT_SUBJECT,
        message: lateReportMessage({ year, dueDate: submitBy, today, submittedOn }),
        dueDate: submitBy,
        checklistItemId: items.get(SUBMISSION_OBLIGATION)?.id ?? null,
        details: { submittedOn },
      });
    }
    const published = isReportPublished(docs.submittedReports);
    if (!published && today > publishBy) {
      out.push({
        kind: 'unpublished_report',
        subjectKey: REPORT_SUBJECT,
        message: unpublishedReportMessage({ year, dueDate: publishBy, today, submitted: docs.submittedReports.length > 0 }),
        dueDate: publishBy,
        checklistItemId: items.get(PUBLICATION_OBLIGATION)?.id ?? null,
        details: { submitted: docs.submittedReports.length > 0 },
      });
    }
    return out;
  }

  /**
   * Judges the commitments due in `year`: the plan items and shortcomings (problems) of year − 1's current report,
   * against year's documents, and syncs the overdue_plan / unrectified_problem findings of (township, year). Called
   * for year N when N is recomputed and for N+1 when N's report is analysed, so upload order never changes the outcome.
   */
  async judgeCommitmentsDueIn(m: EntityManager, townshipId: string, year: number, now: Date, ctx: RecomputeContext = new RecomputeContext()): Promise<void> {
    const today = todayIn(this.config.timeZone, now);
    const prevReport = (ctx.docs.get(ty(townshipId, year - 1)) ?? (await loadDocRows(m, townshipId, year - 1, true))).currentReport;
    const plans: PlanRow[] = prevReport
      ? await m.query(
          `SELECT id, text, obligation_ids AS "obligationIds", target, due_date::text AS "dueDate", override_status::text AS "overrideStatus"
             FROM plan_items WHERE submission_id = $1 ORDER BY position`,
          [prevReport.id],
        )
      : [];
    const problems: ProblemRow[] = prevReport
      ? await m.query(`SELECT id, text, obligation_ids AS "obligationIds" FROM problems WHERE submission_id = $1 ORDER BY position`, [prevReport.id])
      : [];
    if (!plans.length && !problems.length) {
      await syncFindings(m, townshipId, year, ['overdue_plan', 'unrectified_problem'], [], now);
      return;
    }

    // Year's documents: the ones this transaction already read, else just its reports first — with no current
    // report there is nothing of year to judge against, and the rest is not needed.
    const docs = ctx.docs.get(ty(townshipId, year)) ?? (await loadDocRows(m, townshipId, year, true));
    const nextReport = docs.currentReport;
    let next: (NextYearFacts & NextYearReport) | null = null;
    if (nextReport) {
      const fullDocs = await this.docsOf(m, ctx, townshipId, year);
      const items: ItemRow[] =
        ctx.judgedItems.get(ty(townshipId, year)) ??
        (await m.query(
          `SELECT ci.id, ci.obligation_id AS "obligationId", ci.decision::text AS decision, ci.auto_status::text AS "autoStatus"
             FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id
            WHERE c.township_id = $1 AND c.year = $2`,
          [townshipId, year],
        ));
      const evidenced = new Set(
        items.filter((i) => i.decision === 'accepted' || (i.decision !== 'rejected' && i.autoStatus !== 'missing')).map((i) => i.obligationId),
      );
      const metricRows = await this.metricsOf(m, ctx, townshipId, year, fullDocs);
      let text = ctx.texts.get(nextReport.id);
      if (text === undefined) {
        const rows: { text: string }[] = await m.query(`SELECT text FROM submission_texts WHERE submission_id = $1`, [nextReport.id]);
        text = rows[0]?.text ?? '';
      }
      const nextProblems: { text: string; obligation_ids: string[] }[] = await m.query(
        `SELECT text, obligation_ids FROM problems WHERE submission_id = $1`,
        [nextReport.id],
      );
      next = {
        evidenced,
        metrics: metricRows.map((r) => ({ obligationId: r.obligation_id, key: r.key, value: Number(r.value), unit: r.unit })),
        text,
        problems: nextProblems.map((p) => ({ text: p.text, obligationIds: p.obligation_ids })),
      };
    }
    // Obligation names only appear in plan-item notes and messages.
    let names = new Map<string, string>();
    if (plans.length) {
      const template = await this.templateFor(m, ctx, townshipId, year);
      names = new Map((template ? await this.obligationsOf(m, template.id, ctx) : []).map((o) => [o.obligationId, o.nameZh]));
    }
    const nameOf = (id: string) => names.get(id) ?? id;
    const findings: OpenFinding[] = [];

    const planKeys = textSubjects('plan', year - 1, plans.map((p) => p.text));
    const planRows = plans.map((p, i) => {
      const j = judgePlanItem({ obligationIds: p.obligationIds, target: p.target, dueDate: p.dueDate }, next, today);
      const status = effectivePlanStatus(j.status, p.overrideStatus);
      if (status === 'overdue') {
        findings.push({
          kind: 'overdue_plan',
          subjectKey: planKeys[i],
          message: overduePlanMessage({
            madeInYear: year - 1,
            text: p.text,
            dueDate: p.dueDate,
            obligationsShown: j.obligationsShown.map(nameOf),
            obligationsNotShown: j.obligationsNotShown.map(nameOf),
            hasNextReport: next !== null,
            partiallyDone: j.partiallyFulfilledButOverdue,
          }),
          dueDate: p.dueDate,
          planItemId: p.id,
          details: {
            obligationsNotShown: j.obligationsNotShown,
            progress: j.progress,
            partiallyFulfilledButOverdue: j.partiallyFulfilledButOverdue,
            targetState: j.targetState,
            measuredValue: j.measuredValue,
            overridden: p.overrideStatus !== null,
          },
        });
      }
      return { id: p.id, auto: j.status, status, note: planJudgementNote(j, { planYear: year, nameOf, target: p.target }) };
    });
    if (planRows.length) {
      await m.query(
        `UPDATE plan_items p
            SET auto_status = v.auto::plan_item_status, status = v.status::plan_item_status, judgement_note = v.note,
                judged_against_submission_id = $5, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, auto, status, note)
          WHERE p.id = v.id
            AND (p.auto_status::text, p.status::text, p.judgement_note, p.judged_against_submission_id)
                IS DISTINCT FROM (v.auto, v.status, v.note, $5::uuid)`,
        [planRows.map((r) => r.id), planRows.map((r) => r.auto), planRows.map((r) => r.status), planRows.map((r) => r.note), nextReport?.id ?? null],
      );
    }

    const problemKeys = textSubjects('problem', year - 1, problems.map((p) => p.text));
    const problemRows = problems.map((p, i) => {
      const j = judgeProblem({ text: p.text, obligationIds: p.obligationIds }, next);
      // The unrectified case of evidence-rubric §5: year N+1 exists and neither resolves nor mentions the problem.
      if (j.reason === 'not_addressed') {
        findings.push({
          kind: 'unrectified_problem',
          subjectKey: problemKeys[i],
          message: unrectifiedProblemMessage({ madeInYear: year - 1, text: p.text }),
          dueDate: null,
          problemId: p.id,
          details: { obligationIds: p.obligationIds },
        });
      }
      return { id: p.id, status: j.status, note: problemJudgementNote(j, { nextYear: year }) };
    });
    if (problemRows.length) {
      await m.query(
        `UPDATE problems p SET status = v.status::problem_status, judgement_note = v.note, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, status, note)
          WHERE p.id = v.id AND (p.status::text, p.judgement_note) IS DISTINCT FROM (v.status, v.note)`,
        [problemRows.map((r) => r.id), problemRows.map((r) => r.status), problemRows.map((r) => r.note)],
      );
    }
    await syncFindings(m, townshipId, year, ['overdue_plan', 'unrectified_problem'], findings, now);
  }

  /** A template's obligations, read once per transaction (see RecomputeContext for why not longer). */
  obligationsOf(m: EntityManager, templateId: string, ctx: RecomputeContext = new RecomputeContext()): Promise<ObligationRow[]> {
    let rows = ctx.obligations.get(templateId);
    if (!rows) {
      rows = loadObligationRows(m, templateId);
      ctx.obligations.set(templateId, rows);
    }
    return rows;
  }

  /** Non-rejected evidence per item: manual notes, accepted quotes, and auto quotes from the current documents. */
  private async countEvidence(m: EntityManager, itemIds: string[], currentSubmissionIds: string[]): Promise<Map<string, number>> {
    const rows: { id: string; n: string }[] = await m.query(
      `SELECT checklist_item_id AS id, count(*) AS n FROM evidence
        WHERE checklist_item_id = ANY($1::uuid[]) AND review_state <> 'rejected'
          AND (source = 'manual' OR review_state = 'accepted' OR submission_id = ANY($2::uuid[]))
        GROUP BY checklist_item_id`,
      [itemIds, currentSubmissionIds],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }
}

