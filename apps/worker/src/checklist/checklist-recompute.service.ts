import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  COMMITMENT_FINDING_KINDS,
  TOWNSHIP_YEAR_FINDING_KINDS,
  judgeCommitments,
  judgeTownshipYear,
  todayIn,
  type DueYearDocuments,
  type MetricFact,
} from '@app/domain';
import { closeRecomputeRequest, currentDocIds, lockTownshipYears, openRecomputeRequest } from '@app/persistence';
import { CLOCK, type Clock } from '../clock/clock';
import { ChecklistStore, RecomputeContext, type TownshipYearDocRows } from './checklist-store';

/** What a township-year's recompute hands to the judgement of the commitments due in it. */
interface JudgedYear {
  docs: TownshipYearDocRows;
  items: DueYearDocuments['items'];
  metrics: MetricFact[];
}

/**
 * Recomputes a township-year from what is stored: its checklist (item statuses, score, item and report findings),
 * the commitments due in it (year − 1's plan items and problems, judged against it), and its own commitments
 * (judged against year + 1, since a change to the year can change that judgement too). The rules are libs/domain's
 * judgeTownshipYear and judgeCommitments; every statement is ChecklistStore's. Auditor decisions (item decision,
 * evidence review, plan-item override) are read, never written.
 */
@Injectable()
export class ChecklistRecomputeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: ChecklistStore,
  ) {}

  /**
   * The one entry for the checklist queue, the reminder run and tests: recompute (township, year) in its own
   * transaction under the township-year locks of year and year + 1, and close the recompute request it answers.
   */
  async recompute(townshipId: string, year: number, now: Date = this.clock.now()): Promise<{ result: 'recomputed' | 'skipped'; score?: number }> {
    return this.ds.transaction(async (m) => {
      const ctx = new RecomputeContext();
      if (!(await this.store.township(m, ctx, townshipId))) {
        await this.store.forgetTownship(m, townshipId);
        return { result: 'skipped' };
      }
      await lockTownshipYears(m, townshipId, [year, year + 1]);
      // Read before anything the recompute reads: a request made after this point keeps its row.
      const request = await openRecomputeRequest(m, townshipId, year);
      const { score } = await this.recomputeWithin(m, townshipId, year, now, ctx);
      await closeRecomputeRequest(m, townshipId, year, request);
      return { result: 'recomputed', score };
    });
  }

  /**
   * The same recompute inside the caller's transaction, which holds the locks of year and year + 1 (the analysis
   * writer); `ctx` carries what the transaction has already read or written.
   */
  async recomputeWithin(m: EntityManager, townshipId: string, year: number, now: Date, ctx: RecomputeContext = new RecomputeContext()): Promise<{ checklistId: string; score: number }> {
    const today = todayIn(this.config.timeZone, now);
    const judged = await this.judgeYear(m, ctx, townshipId, year, now, today);
    await this.judgeCommitmentsDueIn(m, ctx, townshipId, year, today, now, { previous: null, due: judged.year });
    await this.judgeCommitmentsDueIn(m, ctx, townshipId, year + 1, today, now, { previous: judged.year.docs, due: null });
    return { checklistId: judged.checklistId, score: judged.score };
  }

  private async judgeYear(m: EntityManager, ctx: RecomputeContext, townshipId: string, year: number, now: Date, today: string) {
    const { checklist, template, obligations, items } = await this.store.ensureChecklist(m, ctx, townshipId, year);
    const township = await this.store.township(m, ctx, townshipId);
    if (!township) throw new Error(`township ${townshipId} not found`);
    const docs = await this.store.documents(m, townshipId, year);
    const metrics = await this.store.metrics(m, docs);
    const evidence = await this.store.evidence(m, items.map((i) => i.id));
    const judgement = judgeTownshipYear({
      year,
      obligations,
      items,
      evidence,
      metrics,
      villageCount: township.villageCount,
      reports: { currentIds: currentDocIds(docs), hasCurrentReport: docs.currentReport !== null, submitted: docs.submittedReports },
      deadlines: { reportSubmitBy: template.reportSubmitBy, reportPublishBy: template.reportPublishBy },
      today,
      timeZone: this.config.timeZone,
    });
    await this.store.writeItems(m, judgement.items);
    await this.store.writeScore(m, checklist.id, judgement.score, now);
    await this.store.syncFindings(m, townshipId, year, TOWNSHIP_YEAR_FINDING_KINDS, judgement.findings, now);
    // Items of obligations the template no longer has keep their stored status.
    const autoStatus = new Map(judgement.items.map((j) => [j.itemId, j.autoStatus]));
    const judgedItems = items.map((i) => ({ obligationId: i.obligationId, decision: i.decision, autoStatus: autoStatus.get(i.id) ?? i.autoStatus }));
    return { checklistId: checklist.id, score: judgement.score, year: { docs, items: judgedItems, metrics } satisfies JudgedYear };
  }

  /**
   * Judges the commitments due in `year` (the plan items and problems of year − 1's current report) against year's
   * documents, and syncs the overdue_plan / unrectified_problem findings of (township, year). What this recompute
   * already has is passed in: year − 1's documents (`previous`) or year's judged checklist (`due`).
   */
  private async judgeCommitmentsDueIn(
    m: EntityManager,
    ctx: RecomputeContext,
    townshipId: string,
    year: number,
    today: string,
    now: Date,
    known: { previous: TownshipYearDocRows | null; due: JudgedYear | null },
  ): Promise<void> {
    const madeIn = (known.previous ?? (await this.store.documents(m, townshipId, year - 1, true))).currentReport;
    const { plans, problems } = madeIn ? await this.store.commitmentsOf(m, madeIn.id) : { plans: [], problems: [] };
    if (!plans.length && !problems.length) {
      await this.store.syncFindings(m, townshipId, year, COMMITMENT_FINDING_KINDS, [], now);
      return;
    }
    const docs = known.due?.docs ?? (await this.store.documents(m, townshipId, year));
    const report = docs.currentReport;
    let due: DueYearDocuments | null = null;
    if (report) {
      const items = known.due?.items ?? (await this.store.itemsOf(m, townshipId, year));
      const metrics = known.due?.metrics ?? (await this.store.metrics(m, docs));
      due = { items, metrics, ...(await this.store.reportContent(m, ctx, report.id)) };
    }
    // Obligation names only appear in plan-item notes and messages.
    let obligationNames = new Map<string, string>();
    if (plans.length) {
      const template = await this.store.templateFor(m, ctx, townshipId, year);
      obligationNames = new Map((template ? await this.store.obligations(m, ctx, template.id) : []).map((o) => [o.obligationId, o.nameZh]));
    }
    const judgement = judgeCommitments({ year, plans, problems, due, obligationNames, today });
    await this.store.writePlanJudgements(m, judgement.plans, report?.id ?? null);
    await this.store.writeProblemJudgements(m, judgement.problems);
    await this.store.syncFindings(m, townshipId, year, COMMITMENT_FINDING_KINDS, judgement.findings, now);
  }
}
