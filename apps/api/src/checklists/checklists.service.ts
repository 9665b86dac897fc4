import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { isCurrentEvidence } from '@app/domain';
import {
  Checklist,
  ChecklistItem,
  ChecklistTemplate,
  Evidence,
  Finding,
  MetricValue,
  PlanItem,
  Problem,
  currentDocIds,
  loadTownshipYearDocs,
  readInOneSnapshot,
  templateObligations,
  townshipsWithSubmittedReport,
  type Township,
} from '@app/persistence';
import { AccessScope } from '../common/access-scope.service';
import { NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { checklistView, type ChecklistView } from './checklist-view';

@Injectable()
export class ChecklistsService {
  constructor(private readonly dataSource: DataSource, private readonly scope: AccessScope) {}

  /**
   * A township's checklist for a year, as of its current documents (libs/persistence `loadTownshipYearDocs`): the
   * latest analysed annual report supersedes earlier uploads, withdrawn submissions drop out. Plan items, problems,
   * metrics and auto evidence of superseded documents are not shown — exactly what the score was computed from.
   * All of it from one snapshot, so an analysis or recompute committing meanwhile is shown whole or not at all.
   */
  async get(user: Principal, townshipId: string, year: number): Promise<ChecklistView> {
    const township = await this.scope.township(user, townshipId);
    return readInOneSnapshot(this.dataSource, (m) => this.read(m, township, year));
  }

  private async read(m: EntityManager, township: Township, year: number): Promise<ChecklistView> {
    const townshipId = township.id;
    const checklist = await m.findOneBy(Checklist, { townshipId, year });
    if (!checklist) throw new NotFoundError('CHECKLIST_NOT_FOUND', `${township.name} ${year} 年度尚无检查清单`);
    // One after another: the snapshot is one connection, where parallel queries only queue (and pg 9 refuses them).
    const docs = await loadTownshipYearDocs(m, townshipId, year);
    const lastYearDocs = await loadTownshipYearDocs(m, townshipId, year - 1);
    const reported = await townshipsWithSubmittedReport(m, [townshipId], year);
    const currentIds = currentDocIds(docs);
    const report = docs.currentReport?.id ?? null;
    const lastReport = lastYearDocs.currentReport?.id ?? null;
    const template = await m.findOneByOrFail(ChecklistTemplate, { id: checklist.templateId });
    const obligations = await templateObligations(m, checklist.templateId);
    const items = await m.find(ChecklistItem, { where: { checklistId: checklist.id } });
    const metrics = currentIds.length ? await m.find(MetricValue, { where: { submissionId: In(currentIds) }, order: { startOffset: 'ASC', id: 'ASC' } }) : [];
    const planItemsMade = report ? await m.find(PlanItem, { where: { submissionId: report }, order: { position: 'ASC' } }) : [];
    const planItemsDue = lastReport ? await m.find(PlanItem, { where: { submissionId: lastReport, planYear: year }, order: { position: 'ASC' } }) : [];
    const problemsThisYear = report ? await m.find(Problem, { where: { submissionId: report }, order: { position: 'ASC' } }) : [];
    const problemsLastYear = lastReport ? await m.find(Problem, { where: { submissionId: lastReport }, order: { position: 'ASC' } }) : [];
    const findings = await m.find(Finding, { where: { townshipId, year }, order: { openedAt: 'ASC' } });
    const current = new Set(currentIds);
    const evidence = items.length
      ? (await m.find(Evidence, { where: { checklistItemId: In(items.map((i) => i.id)) }, order: { startOffset: 'ASC', createdAt: 'ASC' } })).filter((e) => isCurrentEvidence(e, current))
      : [];
    return checklistView({ checklist, township, template, obligations, items, evidence, metrics, planItemsMade, planItemsDue, problemsThisYear, problemsLastYear, findings, reported: reported.has(townshipId) });
  }
}
