import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  Checklist,
  ChecklistItem,
  ChecklistTemplate,
  Evidence,
  Finding,
  MetricValue,
  PlanItem,
  Problem,
  templateObligations,
} from '@app/persistence';
import { AccessScope } from '../common/access-scope.service';
import { NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { checklistView, type ChecklistView } from './checklist-view';

@Injectable()
export class ChecklistsService {
  constructor(private readonly dataSource: DataSource, private readonly scope: AccessScope) {}

  /** A township's checklist for a year; it exists once the township has submitted something for that year. */
  async get(user: Principal, townshipId: string, year: number): Promise<ChecklistView> {
    const township = await this.scope.township(user, townshipId);
    const m = this.dataSource.manager;
    const checklist = await m.findOneBy(Checklist, { townshipId, year });
    if (!checklist) throw new NotFoundError('CHECKLIST_NOT_FOUND', `${township.name} ${year} 年度尚无检查清单（尚未提交材料）`);
    const [template, obligations, items, metrics, planItemsMade, planItemsDue, problemsThisYear, problemsLastYear, findings] = await Promise.all([
      m.findOneByOrFail(ChecklistTemplate, { id: checklist.templateId }),
      templateObligations(m, checklist.templateId),
      m.find(ChecklistItem, { where: { checklistId: checklist.id } }),
      m.find(MetricValue, { where: { townshipId, year }, order: { startOffset: 'ASC' } }),
      m.find(PlanItem, { where: { townshipId, year }, order: { position: 'ASC' } }),
      m.find(PlanItem, { where: { townshipId, planYear: year, year: year - 1 }, order: { position: 'ASC' } }),
      m.find(Problem, { where: { townshipId, year }, order: { position: 'ASC' } }),
      m.find(Problem, { where: { townshipId, year: year - 1 }, order: { position: 'ASC' } }),
      m.find(Finding, { where: { townshipId, year }, order: { openedAt: 'ASC' } }),
    ]);
    const evidence = items.length
      ? await m.find(Evidence, { where: { checklistItemId: In(items.map((i) => i.id)) }, order: { startOffset: 'ASC', createdAt: 'ASC' } })
      : [];
    return checklistView({ checklist, township, template, obligations, items, evidence, metrics, planItemsMade, planItemsDue, problemsThisYear, problemsLastYear, findings });
  }
}
