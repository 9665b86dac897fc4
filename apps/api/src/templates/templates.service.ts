import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { dueDateFor } from '@app/domain/template';
import type { AuditAction } from '@app/domain/labels';
import { Checklist, ChecklistItem, ChecklistTemplate, TemplateObligation, countsAsSubmittedReportSql, ensureYearChecklists, findTemplateFor, templateObligations } from '@app/persistence';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { JobProducer } from '../jobs/job-producer.service';
import type { DeriveCountyTemplateDto, UpdateObligationDto } from './dto/template.dto';

export interface TemplateSummary extends ChecklistTemplate {
  checklistCount: number;
  /** Checklists of townships that have submitted the year's annual report (the matrix's 已报送). */
  reportCount: number;
}
export type TemplateWithObligations = ChecklistTemplate & { obligations: TemplateObligation[] };

/**
 * Templates have an owner. The national default (countyId null) is read by everyone and edited by admins only; a
 * county template is the county's own version of a year, derived from the default or from the county's previous
 * year, seen and edited by that county's auditors (and admins) only — anyone else gets 404, as for any resource
 * outside their scope. A county's checklists use its own template for the year when it has one, else the default.
 *
 * A version is immutable once checklists of another report year use it; an edit recomputes exactly the checklists
 * made from that version and is audit-logged under every county whose checklists it touches.
 */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectRepository(ChecklistTemplate) private readonly templates: Repository<ChecklistTemplate>,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
  ) {}

  /** The default's versions and, for county staff and townships, their own county's. */
  async list(user: Principal): Promise<TemplateSummary[]> {
    const qb = this.templates.createQueryBuilder('t').orderBy('t.year', 'DESC').addOrderBy('t.version', 'DESC');
    if (user.role !== 'admin') {
      qb.where(new Brackets((b) => b.where('t.county_id IS NULL').orWhere('t.county_id = :countyId', { countyId: user.countyId })));
    }
    const rows = await qb.getMany();
    // Checklists per version, and how many of them belong to a township that has submitted the year's annual report
    // (libs/persistence countsAsSubmittedReportSql, the matrix's 已报送): every active township gets a checklist, so
    // only the second says who reported.
    // County staff and townships count their own county's; admins every county's.
    const ownCounty = user.role === 'admin' ? null : user.countyId;
    const counts: { template_id: string; n: string; reported: string }[] = await this.dataSource.query(
      `SELECT c.template_id, count(*) AS n,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM submissions s
                 WHERE s.township_id = c.township_id AND s.year = c.year AND ${countsAsSubmittedReportSql('s')})) AS reported
         FROM checklists c JOIN townships tw ON tw.id = c.township_id
        WHERE $1::uuid IS NULL OR tw.county_id = $1::uuid
        GROUP BY c.template_id`,
      [ownCounty ?? null],
    );
    const byId = new Map(counts.map((c) => [c.template_id, c]));
    return rows.map((t) => ({ ...t, checklistCount: Number(byId.get(t.id)?.n ?? 0), reportCount: Number(byId.get(t.id)?.reported ?? 0) }));
  }

  async get(user: Principal, id: string): Promise<TemplateWithObligations> {
    const template = await this.visible(user, id);
    return { ...template, obligations: await templateObligations(this.dataSource.manager, id) };
  }

  /**
   * Next year's template from this one, with the same owner: version 1 of year+1, or the next version when year+1
   * already has some. Publishing it gives every active township it applies to a checklist for year+1.
   */
  async nextYear(user: Principal, id: string): Promise<TemplateWithObligations> {
    const source = await this.editable(user, id);
    const created = await this.derive(user, source, source.year + 1, source.countyId, 'template.next_year');
    return this.get(user, created.id);
  }

  /**
   * A county's own template for a year: a copy of the default's for that year (`from: 'default'`), or of what the
   * county used the year before (`from: 'previous_year'`). Deriving again makes a newer version, which takes over.
   */
  async deriveForCounty(user: Principal, countyId: string, dto: DeriveCountyTemplateDto): Promise<TemplateWithObligations> {
    await this.scope.county(user, countyId);
    const m = this.dataSource.manager;
    const source =
      dto.from === 'previous_year'
        ? await findTemplateFor(m, countyId, dto.year - 1)
        : await m.findOne(ChecklistTemplate, { where: { year: dto.year, countyId: IsNull() }, order: { version: 'DESC' } });
    if (!source || (dto.from === 'previous_year' && source.year !== dto.year - 1)) {
      throw new BadRequestError(
        'NO_SOURCE_TEMPLATE',
        dto.from === 'previous_year' ? `本县 ${dto.year - 1} 年度没有可沿用的模板` : `全国默认模板尚无 ${dto.year} 年度版本，请联系管理员先发布`,
      );
    }
    const created = await this.derive(user, source, dto.year, countyId, 'template.derive_county');
    return this.get(user, created.id);
  }

  async updateObligation(user: Principal, templateId: string, obligationId: string, dto: UpdateObligationDto): Promise<TemplateObligation> {
    const template = await this.editable(user, templateId);
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
      // Exactly the checklists made from this version: a county with its own template for the year is not touched
      // by an edit of the default, and another county's checklists never by a county template.
      const checklists = await m.find(Checklist, { where: { templateId } });
      if (dto.dueRule) {
        for (const c of checklists) {
          await m.update(ChecklistItem, { checklistId: c.id, obligationId }, { dueDate: dueDateFor(after.dueRule, c.year) });
        }
      }
      await this.recordPerCounty(m, user, template, checklists, {
        action: 'template.update_obligation',
        entityType: 'template_obligation',
        entityId: `${templateId}/${obligationId}`,
        before: { threshold: before.threshold, weight: before.weight, dueRule: before.dueRule },
        after: { threshold: after.threshold, weight: after.weight, dueRule: after.dueRule },
      });
      // The recompute requests commit with the edit (the sweeper's intent if the jobs below are lost), taken in one
      // order so that two edits of one template's obligations lock them in the same order.
      const inOrder = [...checklists].sort((a, b) => a.townshipId.localeCompare(b.townshipId) || a.year - b.year);
      for (const c of inOrder) await this.jobs.requestRecompute(m, c.townshipId, c.year);
      return { after, checklists };
    });
    for (const c of checklists) await this.jobs.addRecompute(c.townshipId, c.year);
    return after;
  }

  /**
   * Copies `source` as a new version of `year` owned by `countyId` (null: the default), gives every active township
   * the template applies to its checklist for the year, and recomputes the checklists that move to it.
   */
  private async derive(user: Principal, source: ChecklistTemplate, year: number, countyId: string | null, action: Extract<AuditAction, `template.${string}`>): Promise<ChecklistTemplate> {
    const { template, moved } = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`template-year:${year}`]);
      const [{ max }] = await m.query('SELECT max(version) AS max FROM checklist_templates WHERE year = $1', [year]);
      const { id: _id, createdAt: _c, county: _county, ...fields } = source;
      const template = await m.save(m.create(ChecklistTemplate, { ...fields, year, version: (max ?? 0) + 1, countyId, derivedFromId: source.id }));
      const obligations = await templateObligations(m, source.id);
      await m.insert(TemplateObligation, obligations.map(({ template: _t, ...o }) => ({ ...o, templateId: template.id })) as QueryDeepPartialEntity<TemplateObligation>[]);
      const { created, moved } = await ensureYearChecklists(m, year, countyId ? { countyId } : {});
      const changed = [...created, ...moved];
      const touched = changed.length ? await m.find(Checklist, { where: changed.map((c) => ({ townshipId: c.townshipId, year: c.year })) }) : [];
      await this.recordPerCounty(m, user, template, touched, {
        action,
        entityType: 'checklist_template',
        entityId: template.id,
        after: { year: template.year, version: template.version, countyId, derivedFromId: source.id },
      });
      for (const c of moved) await this.jobs.requestRecompute(m, c.townshipId, c.year);
      return { template, moved };
    });
    for (const c of moved) await this.jobs.addRecompute(c.townshipId, c.year);
    return template;
  }

  /**
   * One audit entry per county whose checklists the change touches, so each county sees who changed its results;
   * with none touched, one entry under the template's owner (null for the default: admins see it).
   */
  private async recordPerCounty(m: EntityManager, user: Principal, template: ChecklistTemplate, checklists: Checklist[], entry: Omit<AuditEntry, 'countyId' | 'townshipId'>): Promise<void> {
    const counties: { county_id: string }[] = checklists.length
      ? await m.query('SELECT DISTINCT county_id FROM townships WHERE id = ANY($1::uuid[])', [checklists.map((c) => c.townshipId)])
      : [];
    const ids = new Set(counties.map((c) => c.county_id));
    if (template.countyId) ids.add(template.countyId);
    if (!ids.size) ids.add(null as unknown as string);
    for (const countyId of ids) await this.audit.record(m, user, { ...entry, countyId, townshipId: null });
  }

  private async assertEditable(m: EntityManager, template: ChecklistTemplate): Promise<void> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM checklists WHERE template_id = $1 AND year <> $2', [template.id, template.year]);
    if (n > 0) {
      throw new ConflictError('TEMPLATE_LOCKED', `该模板版本已被其他年度的 ${n} 份清单使用，不能修改；请先“生成下一年度模板”再修改新版本`, { otherYearChecklists: n });
    }
  }

  /** A template the caller may see: the default, or their own county's (admins: all). Else 404. */
  private async visible(user: Principal, id: string): Promise<ChecklistTemplate> {
    const template = await this.templates.findOneBy({ id });
    if (!template || (template.countyId !== null && !this.scope.canSeeCounty(user, template.countyId))) {
      throw new NotFoundError('TEMPLATE_NOT_FOUND', '模板不存在');
    }
    return template;
  }

  /** A template the caller may change: the default for admins; a county template for its county's auditors. */
  private async editable(user: Principal, id: string): Promise<ChecklistTemplate> {
    const template = await this.visible(user, id);
    if (template.countyId === null && user.role !== 'admin') {
      throw new ForbiddenError('DEFAULT_TEMPLATE_READ_ONLY', '全国默认模板只能由管理员修改；如需调整，请先为本县派生本县模板');
    }
    if (user.role === 'township') throw new ForbiddenError();
    return template;
  }
}
