import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ChecklistItemFacts,
  FindingKind,
  FindingSpec,
  ItemEvidence,
  JudgedItem,
  JudgedPlanItem,
  JudgedProblem,
  MetricFact,
  PlanItemRow,
  ProblemRow,
  DueYearDocuments,
} from '@app/domain';
import {
  ensureChecklist,
  findTemplateFor,
  loadDocRowsOfYears,
  loadObligationRows,
  type ChecklistTemplate,
  type EnsuredChecklist,
  type ObligationRow,
  type TownshipYearDocRowsWithMetrics,
} from '@app/persistence';

export type { EnsuredChecklist, ObligationRow, TownshipYearDocRowsWithMetrics };
export type TownshipRow = { id: string; countyId: string; name: string; villageCount: number | null };

const ty = (townshipId: string, year: number) => `${townshipId}:${year}`;

/**
 * What one transaction has already read or written, so a write and its recompute read each thing once (the
 * analysis writer hands its own to the recompute). Only what the transaction does not change after reading it:
 * the township, templates and their obligations (read fresh per transaction: the api edits a current-year
 * template in place), the checklist as ensureChecklist made it (items with their decisions), and report texts.
 * Documents, metrics and judged items are passed along explicitly by the recompute, never cached here.
 */
export class RecomputeContext {
  township?: TownshipRow;
  /** By `${countyId}:${year}`: a county's template for a year (its own, else the default). */
  readonly templates = new Map<string, Promise<ChecklistTemplate | null>>();
  readonly obligations = new Map<string, Promise<ObligationRow[]>>();
  readonly checklists = new Map<string, EnsuredChecklist>();
  /** Texts this transaction wrote, by submission id. */
  readonly texts = new Map<string, string>();
}

/**
 * Every statement of a township-year recompute, batched: one per table and purpose whatever the number of items,
 * plan items, problems or findings. No rule lives here (they are libs/domain's judgeTownshipYear and
 * judgeCommitments); callers hold the township-year locks.
 */
@Injectable()
export class ChecklistStore {
  async township(m: EntityManager, ctx: RecomputeContext, townshipId: string): Promise<TownshipRow | null> {
    if (ctx.township?.id === townshipId) return ctx.township;
    const rows: { county_id: string; name: string; village_count: number | null }[] = await m.query(
      `SELECT county_id, name, village_count FROM townships WHERE id = $1`,
      [townshipId],
    );
    if (!rows.length) return null;
    ctx.township = { id: townshipId, countyId: rows[0].county_id, name: rows[0].name, villageCount: rows[0].village_count };
    return ctx.township;
  }

  /** A township that no longer exists asks for nothing: its recompute requests go. */
  async forgetTownship(m: EntityManager, townshipId: string): Promise<void> {
    await m.query(`DELETE FROM checklist_recompute_requests WHERE township_id = $1`, [townshipId]);
  }

  /** The template the township's county uses for the year (its own, else the default). */
  async templateFor(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number): Promise<ChecklistTemplate | null> {
    const township = await this.township(m, ctx, townshipId);
    if (!township) return null;
    const key = `${township.countyId}:${year}`;
    let t = ctx.templates.get(key);
    if (!t) ctx.templates.set(key, (t = findTemplateFor(m, township.countyId, year)));
    return t;
  }

  obligations(m: EntityManager, ctx: RecomputeContext, templateId: string): Promise<ObligationRow[]> {
    let rows = ctx.obligations.get(templateId);
    if (!rows) ctx.obligations.set(templateId, (rows = loadObligationRows(m, templateId)));
    return rows;
  }

  /** The checklist with one item per obligation of the template the year uses (libs/persistence ensureChecklist). */
  async ensureChecklist(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number): Promise<EnsuredChecklist> {
    const known = ctx.checklists.get(ty(townshipId, year));
    if (known) return known;
    const template = await this.templateFor(m, ctx, townshipId, year);
    const ensured = await ensureChecklist(m, townshipId, year, { template, obligations: (id) => this.obligations(m, ctx, id) });
    ctx.checklists.set(ty(townshipId, year), ensured);
    return ensured;
  }

  /** The current documents of each of `years` with their metric rows, in one read (libs/persistence loadDocRowsOfYears). */
  documentsOfYears(m: EntityManager, townshipId: string, years: number[]): Promise<Map<number, TownshipYearDocRowsWithMetrics>> {
    return loadDocRowsOfYears(m, townshipId, years);
  }

  /** Every metric row of the current documents. */
  metricsOf(docs: TownshipYearDocRowsWithMetrics): MetricFact[] {
    const current = [...(docs.currentReport ? [docs.currentReport] : []), ...docs.evidenceFiles];
    return current.flatMap((d) => d.metrics.map((r) => ({ obligationId: r.obligationId, key: r.key, value: Number(r.value), unit: r.unit })));
  }

  /** The items' evidence, counted by item, source, review state and document (which of it counts is the domain's). */
  async evidence(m: EntityManager, itemIds: string[]): Promise<ItemEvidence[]> {
    const rows: { id: string; source: string; state: string; submission_id: string | null; n: string }[] = await m.query(
      `SELECT checklist_item_id AS id, source::text AS source, review_state::text AS state, submission_id, count(*) AS n FROM evidence
        WHERE checklist_item_id = ANY($1::uuid[])
        GROUP BY checklist_item_id, source, review_state, submission_id`,
      [itemIds],
    );
    return rows.map((r) => ({ checklistItemId: r.id, source: r.source, reviewState: r.state, submissionId: r.submission_id, count: Number(r.n) }));
  }

  /**
   * The plan items and problems the given reports committed to, in report order, and the texts of `textsOf` (the ones
   * this transaction wrote come from `ctx`), in one statement.
   */
  async commitmentsOf(
    m: EntityManager,
    ctx: RecomputeContext,
    reportIds: string[],
    textsOf: string[],
  ): Promise<{ commitments: (reportId: string) => { plans: PlanItemRow[]; problems: ProblemRow[] }; texts: Map<string, string> }> {
    const toRead = textsOf.filter((id) => !ctx.texts.has(id));
    const rows: (PlanItemRow & { kind: 'plan' | 'problem' | 'text'; reportId: string })[] =
      reportIds.length || toRead.length
        ? await m.query(
            `SELECT 'plan' AS kind, submission_id AS "reportId", position, id, text, obligation_ids AS "obligationIds", target,
                    due_date::text AS "dueDate", override_status::text AS "overrideStatus"
               FROM plan_items WHERE submission_id = ANY($1::uuid[])
             UNION ALL
             SELECT 'problem', submission_id, position, id, text, obligation_ids, NULL, NULL, NULL FROM problems WHERE submission_id = ANY($1::uuid[])
             UNION ALL
             SELECT 'text', submission_id, 0, NULL, text, NULL, NULL, NULL, NULL FROM submission_texts WHERE submission_id = ANY($2::uuid[])
             ORDER BY kind, position`,
            [reportIds, toRead],
          )
        : [];
    const texts = new Map(textsOf.map((id) => [id, ctx.texts.get(id) ?? rows.find((r) => r.kind === 'text' && r.reportId === id)?.text ?? '']));
    return {
      commitments: (reportId) => ({
        plans: rows
          .filter((r) => r.kind === 'plan' && r.reportId === reportId)
          .map((r) => ({ id: r.id, text: r.text, obligationIds: r.obligationIds, target: r.target, dueDate: r.dueDate, overrideStatus: r.overrideStatus })),
        problems: rows.filter((r) => r.kind === 'problem' && r.reportId === reportId).map((r) => ({ id: r.id, text: r.text, obligationIds: r.obligationIds })),
      }),
      texts,
    };
  }

  /** A year's checklist items as stored (for judging the commitments due in a year not recomputed here). */
  itemsOf(m: EntityManager, townshipId: string, year: number): Promise<DueYearDocuments['items']> {
    return m.query(
      `SELECT ci.obligation_id AS "obligationId", ci.decision::text AS decision, ci.auto_status::text AS "autoStatus"
         FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id
        WHERE c.township_id = $1 AND c.year = $2`,
      [townshipId, year],
    );
  }

  /**
   * Writes a recompute's judgements in one statement (data-modifying CTEs over disjoint rows): item statuses,
   * measured values, points and due dates; the checklist's score; plan-item and problem statuses; and the findings
   * (syncFindings' rule). Rows already so are left alone.
   */
  async writeJudgements(m: EntityManager, w: RecomputeWrites): Promise<void> {
    const { items, plans, problems } = w;
    const findings = findingChanges(w.findings);
    await m.query(
      `WITH items AS (
         UPDATE checklist_items ci
            SET auto_status = v.auto_status::auto_item_status, status = v.status::item_status,
                measured_value = v.measured, score = v.score, due_date = v.due, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::date[])
                AS v(id, auto_status, status, measured, score, due)
          WHERE ci.id = v.id
            AND (ci.auto_status::text, ci.status::text, ci.measured_value, ci.score, ci.due_date)
                IS DISTINCT FROM (v.auto_status, v.status, v.measured, v.score, v.due)
          RETURNING 1),
       score AS (
         UPDATE checklists SET score = $8, recomputed_at = $9, updated_at = now() WHERE id = $7 RETURNING 1),
       plans AS (
         UPDATE plan_items p
            SET auto_status = v.auto::plan_item_status, status = v.status::plan_item_status, judgement_note = v.note,
                judged_against_submission_id = v.against, updated_at = now()
           FROM unnest($10::uuid[], $11::text[], $12::text[], $13::text[], $14::uuid[]) AS v(id, auto, status, note, against)
          WHERE p.id = v.id
            AND (p.auto_status::text, p.status::text, p.judgement_note, p.judged_against_submission_id)
                IS DISTINCT FROM (v.auto, v.status, v.note, v.against)
          RETURNING 1),
       problems AS (
         UPDATE problems p SET status = v.status::problem_status, judgement_note = v.note, updated_at = now()
           FROM unnest($15::uuid[], $16::text[], $17::text[]) AS v(id, status, note)
          WHERE p.id = v.id AND (p.status::text, p.judgement_note) IS DISTINCT FROM (v.status, v.note)
          RETURNING 1),
       opened AS (
         INSERT INTO findings (township_id, year, kind, subject_key, status, message, due_date, checklist_item_id, plan_item_id, problem_id, details)
         SELECT $18, v.year, v.kind::finding_kind, v.subject_key, 'open', v.message, v.due_date, v.checklist_item_id, v.plan_item_id, v.problem_id, v.details
           FROM jsonb_to_recordset($19::jsonb)
                AS v(year int, kind text, subject_key text, message text, due_date date, checklist_item_id uuid, plan_item_id uuid, problem_id uuid, details jsonb)
         ON CONFLICT (township_id, year, kind, subject_key) DO UPDATE
            SET status = 'open', resolved_at = NULL, message = EXCLUDED.message, due_date = EXCLUDED.due_date,
                checklist_item_id = EXCLUDED.checklist_item_id, plan_item_id = EXCLUDED.plan_item_id,
                problem_id = EXCLUDED.problem_id, details = EXCLUDED.details, updated_at = now()
          WHERE (findings.status::text, findings.message, findings.due_date, findings.checklist_item_id, findings.plan_item_id,
                 findings.problem_id, findings.details)
                IS DISTINCT FROM ('open', EXCLUDED.message, EXCLUDED.due_date, EXCLUDED.checklist_item_id, EXCLUDED.plan_item_id,
                 EXCLUDED.problem_id, EXCLUDED.details)
         RETURNING 1),
       resolved AS (
         UPDATE findings SET status = 'resolved', resolved_at = $9, updated_at = now()
          WHERE township_id = $18 AND year = ANY($20::int[]) AND (year || '|' || kind::text) = ANY($21::text[]) AND status = 'open'
            AND NOT ((year || '|' || kind::text || '|' || subject_key) = ANY($22::text[]))
         RETURNING 1)
       SELECT 1`,
      [
        items.map((j) => j.itemId),
        items.map((j) => j.autoStatus),
        items.map((j) => j.status),
        items.map((j) => j.measuredValue),
        items.map((j) => j.score),
        items.map((j) => j.dueDate),
        w.checklistId,
        w.score,
        w.now,
        plans.map((r) => r.id),
        plans.map((r) => r.autoStatus),
        plans.map((r) => r.status),
        plans.map((r) => r.note),
        plans.map((r) => r.against),
        problems.map((r) => r.id),
        problems.map((r) => r.status),
        problems.map((r) => r.note),
        w.townshipId,
        JSON.stringify(findings.open),
        findings.years,
        findings.scopes,
        findings.wanted,
      ],
    );
  }
}

/** Everything a recompute writes, gathered so it goes in one statement (ChecklistStore.writeJudgements). */
export interface RecomputeWrites {
  townshipId: string;
  checklistId: string;
  score: number;
  now: Date;
  items: JudgedItem[];
  /** With the report each was judged against (null: the year has no current report). */
  plans: (JudgedPlanItem & { against: string | null })[];
  problems: JudgedProblem[];
  /**
   * Per township-year and set of kinds, the findings that should be open: new subjects are opened, resolved ones
   * whose condition is back are reopened, open ones of these kinds whose condition cleared are resolved. Rows are
   * matched by (kind, subjectKey), so an auditor's notes and the township's response stay on the same finding.
   */
  findings: { year: number; kinds: readonly FindingKind[]; open: FindingSpec[] }[];
}

/** The findings part of writeJudgements: the rows to upsert (first spec of a subject wins) and the scopes to resolve in. */
function findingChanges(scopes: RecomputeWrites['findings']) {
  const wanted = new Map<string, Record<string, unknown>>();
  for (const { year, open } of scopes) {
    for (const s of open) {
      const key = `${year}|${s.kind}|${s.subjectKey}`;
      if (wanted.has(key)) continue;
      wanted.set(key, {
        year,
        kind: s.kind,
        subject_key: s.subjectKey,
        message: s.message,
        due_date: s.dueDate,
        checklist_item_id: s.checklistItemId ?? null,
        plan_item_id: s.planItemId ?? null,
        problem_id: s.problemId ?? null,
        details: s.details ?? {},
      });
    }
  }
  return {
    open: [...wanted.values()],
    years: [...new Set(scopes.map((s) => s.year))],
    scopes: scopes.flatMap((s) => s.kinds.map((k) => `${s.year}|${k}`)),
    wanted: [...wanted.keys()],
  };
}
