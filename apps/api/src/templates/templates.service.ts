import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { dueDateFor } from '@app/domain/template';
import { Checklist, ChecklistItem, ChecklistTemplate, TemplateObligation, templateObligations } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { scopeOf } from '../auth/auth.service';
import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { JobProducer } from '../jobs/job-producer.service';
import type { UpdateObligationDto } from './dto/template.dto';

export interface TemplateSummary extends ChecklistTemplate {
  checklistCount: number;
}

/**
 * Templates are global (one catalogue for every county). A version is immutable once checklists of another report
 * year use it (carried-over templates stay as they were for those years); edits to a version used only by its own
 * year apply to that year's checklists, which are recomputed.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectRepository(ChecklistTemplate) private readonly templates: Repository<ChecklistTemplate>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
  ) {}

  async list(): Promise<TemplateSummary[]> {
    const rows = await this.templates.find({ order: { year: 'DESC', version: 'DESC' } });
    const counts: { template_id: string; n: string }[] = await this.dataSource.query(
      'SELECT template_id, count(*) AS n FROM checklists GROUP BY template_id',
    );
    const byId = new Map(counts.map((c) => [c.template_id, Number(c.n)]));
    return rows.map((t) => ({ ...t, checklistCount: byId.get(t.id) ?? 0 }));
  }

  async get(id: string): Promise<ChecklistTemplate & { obligations: TemplateObligation[] }> {
    const template = await this.find(id);
    return { ...template, obligations: await templateObligations(this.dataSource.manager, id) };
  }

  /** Next year's template from this one: version 1 of year+1, or the next version when year+1 already has some. */
  async nextYear(user: Principal, id: string): Promise<ChecklistTemplate & { obligations: TemplateObligation[] }> {
    const source = await this.find(id);
    const created = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`template-year:${source.year + 1}`]);
      const [{ max }] = await m.query('SELECT max(version) AS max FROM checklist_templates WHERE year = $1', [source.year + 1]);
      const { id: _id, createdAt: _c, ...fields } = source;
      const template = await m.save(m.create(ChecklistTemplate, { ...fields, year: source.year + 1, version: (max ?? 0) + 1, derivedFromId: source.id }));
      const obligations = await templateObligations(m, source.id);
      await m.insert(TemplateObligation, obligations.map(({ template: _t, ...o }) => ({ ...o, templateId: template.id })) as QueryDeepPartialEntity<TemplateObligation>[]);
      await this.audit.record(m, user, {
        action: 'template.next_year',
        entityType: 'checklist_template',
        entityId: template.id,
        ...scopeOf(user),
        after: { year: template.year, version: template.version, derivedFromId: source.id },
      });
      return template;
    });
    return this.get(created.id);
  }

  async updateObligation(user: Principal, templateId: string, obligationId: string, dto: UpdateObligationDto): Promise<TemplateObligation> {
    const template = await this.find(templateId);
    const { after, checklists } = await this.dataSource.transaction(async (m) => {
      await this.assertEditable(m, template);
      const before = await m.findOne(TemplateObligation, { where: { templateId, obligationId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw new NotFoundError('OBLIGATION_NOT_FOUND', '模板中没有该义务');
      if (dto.threshold !== undefined) {
        if (before.requirementKind === 'presence') throw new BadRequestError('THRESHOLD_NOT_APPLICABLE', '该义务只要求“有”，没有数量阈值');
        if (before.requirementKind === 'rate_min' && dto.threshold > 100) throw new BadRequestError('INVALID_THRESHOLD', '比例阈值须在 0–100 之间');
      }
      if (dto.dueRule) dueDateFor(dto.dueRule, template.year); // rejects impossible dates before anything is written
      const changes: QueryDeepPartialEntity<TemplateObligation> = {};
      if (dto.threshold !== undefined) changes.threshold = dto.threshold;
      if (dto.weight !== undefined) changes.weight = dto.weight;
      if (dto.dueRule) changes.dueRule = { month: dto.dueRule.month, day: dto.dueRule.day, yearOffset: dto.dueRule.yearOffset };
      await m.update(TemplateObligation, { templateId, obligationId }, changes);
      const after = await m.findOneByOrFail(TemplateObligation, { templateId, obligationId });
      const checklists = await m.find(Checklist, { where: { templateId } });
      if (dto.dueRule) {
        for (const c of checklists) {
          await m.update(ChecklistItem, { checklistId: c.id, obligationId }, { dueDate: dueDateFor(after.dueRule, c.year) });
        }
      }
      await this.audit.record(m, user, {
        action: 'template.update_obligation',
        entityType: 'template_obligation',
        entityId: `${templateId}/${obligationId}`,
        ...scopeOf(user),
        before: { threshold: before.threshold, weight: before.weight, dueRule: before.dueRule },
        after: { threshold: after.threshold, weight: after.weight, dueRule: after.dueRule },
      });
      return { after, checklists };
    });
    for (const c of checklists) await this.jobs.recomputeChecklist(c.townshipId, c.year);
    return after;
  }

  private async assertEditable(m: EntityManager, template: ChecklistTemplate): Promise<void> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM checklists WHERE template_id = $1 AND year <> $2', [template.id, template.year]);
    if (n > 0) {
      throw new ConflictError('TEMPLATE_LOCKED', `该模板版本已被其他年度的 ${n} 份清单使用，不能修改；请先“生成下一年度模板”再修改新版本`, { otherYearChecklists: n });
    }
  }

  private async find(id: string): Promise<ChecklistTemplate> {
    const template = await this.templates.findOneBy({ id });
    if (!template) throw new NotFoundError('TEMPLATE_NOT_FOUND', '模板不存在');
    return template;
  }
}
