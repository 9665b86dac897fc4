import { EntityManager, IsNull } from 'typeorm';
import type { TemplateDefinition } from '@app/domain/template/template-schema';
import { ChecklistTemplate } from '../entities/checklist-template.entity';
import { TemplateObligation } from '../entities/template-obligation.entity';

/**
 * Writes a template definition as a new default version for one report year. Idempotent: an existing default
 * (year, version) is returned untouched, so re-running a seed never rewrites a template checklists already point at.
 */
export async function saveTemplateVersion(
  manager: EntityManager,
  def: TemplateDefinition,
  year: number,
  version: number = def.version,
  derivedFromId: string | null = null,
): Promise<ChecklistTemplate> {
  const existing = await manager.findOne(ChecklistTemplate, { where: { year, version, countyId: IsNull() } });
  if (existing) return existing;
  // Versions are numbered per year across owners: a county that derived its own template first may hold this number.
  // Then the year's newest default stands for it (a later run finds that one), else the default takes the next number.
  if (await manager.exists(ChecklistTemplate, { where: { year, version } })) {
    const defaultOfYear = await manager.findOne(ChecklistTemplate, { where: { year, countyId: IsNull() }, order: { version: 'DESC' } });
    if (defaultOfYear) return defaultOfYear;
    const [{ max }]: { max: number }[] = await manager.query('SELECT max(version) AS max FROM checklist_templates WHERE year = $1', [year]);
    version = max + 1;
  }
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
