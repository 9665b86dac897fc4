import { EntityManager } from 'typeorm';
import type { TemplateDefinition } from '@app/domain/template/template-schema';
import { ChecklistTemplate } from '../entities/checklist-template.entity';
import { TemplateObligation } from '../entities/template-obligation.entity';

/**
 * Writes a template definition as a new version for one report year. Idempotent: an existing (year, version) is
 * returned untouched, so re-running a seed never rewrites a template checklists already point at.
 */
export async function saveTemplateVersion(
  manager: EntityManager,
  def: TemplateDefinition,
  year: number,
  version: number = def.version,
  derivedFromId: string | null = null,
): Promise<ChecklistTemplate> {
  const existing = await manager.findOne(ChecklistTemplate, { where: { year, version } });
  if (existing) return existing;
  const template = await manager.save(
    manager.create(ChecklistTemplate, {
      templateKey: def.templateKey,
      year,
      version,
      title: def.title,
      description: def.description,
      sourceDocuments: def.sourceDocuments,
      reportSubmitBy: def.annualReport.submitBy,
      reportPublishBy: def.annualReport.publishBy,
      derivedFromId,
    }),
  );
  await manager.insert(
    TemplateObligation,
    def.obligations.map((o, position) => ({
      templateId: template.id,
      obligationId: o.id,
      position,
      area: o.area,
      nameZh: o.nameZh,
      descriptionZh: o.descriptionZh,
      tier: o.tier,
      judgedBy: o.judgedBy,
      requirementKind: o.requirement.kind,
      metricKey: o.requirement.kind === 'presence' ? null : o.requirement.metric,
      threshold: o.requirement.kind === 'presence' ? null : o.requirement.threshold,
      unit: o.requirement.kind === 'presence' ? null : o.requirement.unit,
      requirementBasis: o.requirement.kind === 'presence' ? null : o.requirement.basis,
      thresholdIsLocalDefault: o.thresholdIsLocalDefault,
      dueRule: o.due,
      weight: o.weight,
      sources: o.sources,
    })),
  );
  return template;
}

/**
 * The template a township-year checklist uses: the newest version for that year; failing that, the newest version
 * of the closest earlier year, else of the closest later year. Null when there are no templates at all.
 */
export async function findTemplateForYear(manager: EntityManager, year: number): Promise<ChecklistTemplate | null> {
  const exact = await manager.findOne(ChecklistTemplate, { where: { year }, order: { version: 'DESC' } });
  if (exact) return exact;
  return manager
    .createQueryBuilder(ChecklistTemplate, 't')
    .orderBy(`CASE WHEN t.year <= :year THEN 0 ELSE 1 END`, 'ASC')
    .addOrderBy(`ABS(t.year - :year)`, 'ASC')
    .addOrderBy('t.version', 'DESC')
    .setParameter('year', year)
    .getOne();
}

export async function templateObligations(manager: EntityManager, templateId: string): Promise<TemplateObligation[]> {
  return manager.find(TemplateObligation, { where: { templateId }, order: { position: 'ASC' } });
}
