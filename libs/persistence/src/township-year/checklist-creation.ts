import type { EntityManager } from 'typeorm';
import { dueDateFor } from '@app/domain/template';
import type { ChecklistItem } from '../entities/checklist-item.entity';
import type { ChecklistTemplate } from '../entities/checklist-template.entity';
import type { TemplateObligation } from '../entities/template-obligation.entity';
import { findTemplateFor } from './template-lookup';

/** The template columns the recompute reads. */
export type ObligationRow = Pick<
  TemplateObligation,
  'obligationId' | 'nameZh' | 'requirementKind' | 'metricKey' | 'threshold' | 'unit' | 'dueRule' | 'weight'
>;
/** The checklist item columns the recompute and the writer read. */
export type ItemRow = Pick<ChecklistItem, 'id' | 'obligationId' | 'decision' | 'autoStatus'> & Partial<Pick<ChecklistItem, 'decisionReason' | 'reviewRequestedAt'>>;

export interface EnsuredChecklist {
  checklist: { id: string; templateId: string };
  template: ChecklistTemplate;
  obligations: ObligationRow[];
  items: ItemRow[];
}

export class NoTemplateError extends Error {
  constructor(readonly year: number) {
    super(`no checklist template for ${year}: seed the default template first`);
  }
}

/** A template's obligations in the columns the recompute reads, in template order. */
export function loadObligationRows(m: EntityManager, templateId: string): Promise<ObligationRow[]> {
  return m.query(
    `SELECT obligation_id AS "obligationId", name_zh AS "nameZh", requirement_kind::text AS "requirementKind", metric_key AS "metricKey",
            threshold, unit, due_rule AS "dueRule", weight
       FROM template_obligations WHERE template_id = $1 ORDER BY position`,
    [templateId],
  );
}

export interface EnsureChecklistOptions {
  /** The template the township-year uses (findTemplateFor the township's county), when the caller already has it. */
  template?: ChecklistTemplate | null;
  /** Reads a template's obligations (the worker caches them per transaction). */
  obligations?: (templateId: string) => Promise<ObligationRow[]>;
}

/**
 * The township-year checklist with one item per obligation of the template it uses (the county's own for the year,
 * else the default), created when absent — the one implementation the api (uploads, new townships, published
 * templates) and the worker (recompute) share. A checklist made from another template version moves to the current
 * one; items of kept obligations (and the decisions on them) stay. Inserts ignore conflicts, so concurrent callers
 * making the same rows are harmless.
 */
export async function ensureChecklist(m: EntityManager, townshipId: string, year: number, opts: EnsureChecklistOptions = {}): Promise<EnsuredChecklist> {
  let template = opts.template;
  if (template === undefined) {
    const [township]: { county_id: string }[] = await m.query(`SELECT county_id FROM townships WHERE id = $1`, [townshipId]);
    if (!township) throw new Error(`township ${townshipId} not found`);
    template = await findTemplateFor(m, township.county_id, year);
  }
  if (!template) throw new NoTemplateError(year);
  const [row]: { id: string; template_id: string }[] = await m.query(
    `WITH ins AS (
       INSERT INTO checklists (township_id, year, template_id) VALUES ($1, $2, $3)
       ON CONFLICT (township_id, year) DO NOTHING RETURNING id, template_id)
     SELECT id, template_id FROM ins
     UNION ALL SELECT id, template_id FROM checklists WHERE township_id = $1 AND year = $2`,
    [townshipId, year, template.id],
  );
  const checklist = { id: row.id, templateId: row.template_id };
  // Another template version for the year takes over (a newer version, or the county's own); decisions on kept items stay.
  if (checklist.templateId !== template.id) {
    await m.query(`UPDATE checklists SET template_id = $2, updated_at = now() WHERE id = $1`, [checklist.id, template.id]);
    checklist.templateId = template.id;
  }
  const obligations = await (opts.obligations ?? ((id: string) => loadObligationRows(m, id)))(template.id);
  const items: { id: string; obligation_id: string; decision: ItemRow['decision']; auto_status: ItemRow['autoStatus']; decision_reason: string | null; review_requested_at: Date | null }[] = await m.query(
    `WITH ins AS (
       INSERT INTO checklist_items (checklist_id, obligation_id, due_date)
       SELECT $1, o, d FROM unnest($2::text[], $3::date[]) AS t(o, d)
       ON CONFLICT (checklist_id, obligation_id) DO NOTHING
       RETURNING id, obligation_id, decision, auto_status, decision_reason, review_requested_at)
     SELECT id, obligation_id, decision::text AS decision, auto_status::text AS auto_status, decision_reason, review_requested_at FROM ins
     UNION ALL
     SELECT id, obligation_id, decision::text, auto_status::text, decision_reason, review_requested_at FROM checklist_items WHERE checklist_id = $1`,
    [checklist.id, obligations.map((o) => o.obligationId), obligations.map((o) => dueDateFor(o.dueRule, year))],
  );
  return {
    checklist,
    template,
    obligations,
    items: items.map((i) => ({ id: i.id, obligationId: i.obligation_id, decision: i.decision, autoStatus: i.auto_status, decisionReason: i.decision_reason, reviewRequestedAt: i.review_requested_at })),
  };
}

/**
 * The year's checklist for every active township in scope (a county, given townships, or everywhere), so townships
 * see the year's tasks and deadlines before their first upload. Returns the township-years created, and those that
 * already had a checklist on another template version and were moved to the current one (the caller recomputes them).
 */
export async function ensureYearChecklists(
  m: EntityManager,
  year: number,
  scope: { countyId?: string; townshipIds?: string[] } = {},
): Promise<{ created: { townshipId: string; year: number }[]; moved: { townshipId: string; year: number }[] }> {
  const townships: { id: string; county_id: string }[] = await m.query(
    `SELECT id, county_id FROM townships
      WHERE disabled = false AND ($1::uuid IS NULL OR county_id = $1) AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      ORDER BY code`,
    [scope.countyId ?? null, scope.townshipIds ?? null],
  );
  const before: { township_id: string; template_id: string }[] = townships.length
    ? await m.query(`SELECT township_id, template_id FROM checklists WHERE year = $1 AND township_id = ANY($2::uuid[])`, [year, townships.map((t) => t.id)])
    : [];
  const had = new Map(before.map((r) => [r.township_id, r.template_id]));
  const templates = new Map<string, ChecklistTemplate | null>();
  const obligations = new Map<string, Promise<ObligationRow[]>>();
  const created: { townshipId: string; year: number }[] = [];
  const moved: { townshipId: string; year: number }[] = [];
  for (const t of townships) {
    if (!templates.has(t.county_id)) templates.set(t.county_id, await findTemplateFor(m, t.county_id, year));
    const template = templates.get(t.county_id)!;
    if (!template) continue;
    await ensureChecklist(m, t.id, year, {
      template,
      obligations: (id) => {
        let rows = obligations.get(id);
        if (!rows) obligations.set(id, (rows = loadObligationRows(m, id)));
        return rows;
      },
    });
    const previous = had.get(t.id);
    if (previous === undefined) created.push({ townshipId: t.id, year });
    else if (previous !== template.id) moved.push({ townshipId: t.id, year });
  }
  return { created, moved };
}
