import type { EntityManager } from 'typeorm';
import { ChecklistTemplate } from '../entities/checklist-template.entity';
import { TemplateObligation } from '../entities/template-obligation.entity';

/**
 * The template a county's township-year checklist uses: the county's own newest version for the year, else the
 * national default's newest version for the year. When the year has no template at all, the closest earlier year
 * (else the closest later year), the county's own again before the default. `countyId` null asks for the default
 * alone. Null when there are no templates at all.
 */
export async function findTemplateFor(m: EntityManager, countyId: string | null, year: number): Promise<ChecklistTemplate | null> {
  // Plain SQL (every upload and every recompute asks): the query builder's SQL assembly and entity hydration cost more
  // CPU than the indexed read itself. The columns come from the entity's metadata, so the entity stays the one list.
  const [row]: Record<string, unknown>[] = await m.query(
    `SELECT ${templateColumns(m)} FROM checklist_templates t
      WHERE t.county_id IS NULL OR t.county_id = $1
      ORDER BY CASE WHEN t.year = $2 THEN 0 WHEN t.year < $2 THEN 1 ELSE 2 END, abs(t.year - $2),
               CASE WHEN t.county_id IS NULL THEN 1 ELSE 0 END, t.version DESC
      LIMIT 1`,
    [countyId, year],
  );
  return row ? m.create(ChecklistTemplate, row) : null;
}

let templateSelect: string | undefined;
/** `t.template_key AS "templateKey", …`: every column of ChecklistTemplate under its property name. */
function templateColumns(m: EntityManager): string {
  templateSelect ??= m.connection
    .getMetadata(ChecklistTemplate)
    .columns.map((c) => `t.${c.databaseName} AS "${c.propertyName}"`)
    .join(', ');
  return templateSelect;
}

/** Whether a county (or, with null, the default) has a template of exactly this year. */
export async function hasTemplateOfYear(m: EntityManager, countyId: string | null, year: number): Promise<boolean> {
  const [{ n }]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM checklist_templates WHERE year = $1 AND (county_id IS NULL OR county_id = $2)`,
    [year, countyId],
  );
  return n > 0;
}

/**
 * The latest report year with a template (the default's or the county's) that is not after `notAfter`; failing
 * that, the earliest template year. Null when there are no templates.
 */
export async function latestTemplateYear(m: EntityManager, countyId: string | null, notAfter: number): Promise<number | null> {
  const [row]: { year: number | null }[] = await m.query(
    `SELECT coalesce(max(year) FILTER (WHERE year <= $2), min(year)) AS year
       FROM checklist_templates WHERE county_id IS NULL OR county_id = $1`,
    [countyId, notAfter],
  );
  return row?.year ?? null;
}

/** A template's obligations as entities, in template order. */
export function templateObligations(m: EntityManager, templateId: string): Promise<TemplateObligation[]> {
  return m.find(TemplateObligation, { where: { templateId }, order: { position: 'ASC' } });
}
