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
  type PlanItemRow,
  type ProblemFacts,
  type ProblemRow,
} from '@app/domain';
import { closeRecomputeRequest, currentDocIds, lockTownshipYears, openRecomputeRequest, type DocRow } from '@app/persistence';
import { CLOCK, type Clock } from '../clock/clock';
import { ChecklistStore, RecomputeContext, type RecomputeWrites, type TownshipYearDocRowsWithMetrics } from './checklist-store';

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
   * writer); `ctx` carries what the transaction has already read or written. Reads what the three judgements need
   * up front (the documents of year − 1..year + 1 in one read, the commitments of their reports in another), and
   * writes every judgement in one statement at the end: nothing read here depends on what is written.
   */
  async recomputeWithin(m: EntityManager, townshipId: string, year: number, now: Date, ctx: RecomputeContext = new RecomputeContext()): Promise<{ checklistId: string; score: number }> {
    const today = todayIn(this.config.timeZone, now);
    const { checklist, template, obligations, items } = await this.store.ensureChecklist(m, ctx, townshipId, year);
    const township = await this.store.township(m, ctx, townshipId);
    if (!township) throw new Error(`township ${townshipId} not found`);
    const docsOf = await this.store.documentsOfYears(m, townshipId, [year - 1, year, year + 1]);
    const [before, docs, after] = [docsOf.get(year - 1)!, docsOf.get(year)!, docsOf.get(year + 1)!];
    const metrics = this.store.metricsOf(docs);
    const evidence = await this.store.evidence(m, items.map((i) => i.id));

    // The reports whose commitments are due here (year − 1's, due in year; year's, due in year + 1), and the texts
    // of the reports they are judged against.
    const [madeBefore, madeIn, madeAfter] = [before.currentReport, docs.currentReport, after.currentReport];
    const reportIds = [madeBefore, madeIn, madeAfter].filter((r) => r !== null).map((r) => r.id);
    const textsOf = [...(madeBefore && madeIn ? [madeIn.id] : []), ...(madeIn && madeAfter ? [madeAfter.id] : [])];
    const facts = await this.store.commitmentsOf(m, ctx, reportIds, textsOf);

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
    const writes: RecomputeWrites = {
      townshipId,
      checklistId: checklist.id,
      score: judgement.score,
      now,
      items: judgement.items,
      plans: [],
      problems: [],
      findings: [{ year, kinds: TOWNSHIP_YEAR_FINDING_KINDS, open: judgement.findings }],
    };
    // Items of obligations the template no longer has keep their stored status.
    const autoStatus = new Map(judgement.items.map((j) => [j.itemId, j.autoStatus]));
    const judgedItems = items.map((i) => ({ obligationId: i.obligationId, decision: i.decision, autoStatus: autoStatus.get(i.id) ?? i.autoStatus }));

    const dueIn = (y: number, made: DocRow | null, dueDocs: TownshipYearDocRowsWithMetrics, dueItems: (() => Promise<DueYearDocuments['items']>) | null) =>
      this.judgeCommitmentsDueIn(m, ctx, townshipId, y, today, writes, {
        commitments: made ? facts.commitments(made.id) : { plans: [], problems: [] },
        docs: dueDocs,
        items: dueItems,
        text: (id) => facts.texts.get(id) ?? '',
        problemsOf: (id) => facts.commitments(id).problems.map((p) => ({ text: p.text, obligationIds: p.obligationIds })),
      });
    await dueIn(year, madeBefore, docs, async () => judgedItems);
    await dueIn(year + 1, madeIn, after, null);
    await this.store.writeJudgements(m, writes);
    return { checklistId: checklist.id, score: judgement.score };
  }

  /**
   * Judges the commitments due in `year` (the plan items and problems of year − 1's current report) against year's
   * documents, adding the plan-item and problem statuses and the overdue_plan / unrectified_problem findings of
   * (township, year) to `writes`. `known.items` gives year's judged items when this recompute has them.
   */
  private async judgeCommitmentsDueIn(
    m: EntityManager,
    ctx: RecomputeContext,
    townshipId: string,
    year: number,
    today: string,
    writes: RecomputeWrites,
    known: {
      commitments: { plans: PlanItemRow[]; problems: ProblemRow[] };
      docs: TownshipYearDocRowsWithMetrics;
      items: (() => Promise<DueYearDocuments['items']>) | null;
      text: (reportId: string) => string;
      problemsOf: (reportId: string) => ProblemFacts[];
    },
  ): Promise<void> {
    const { plans, problems } = known.commitments;
    if (!plans.length && !problems.length) {
      writes.findings.push({ year, kinds: COMMITMENT_FINDING_KINDS, open: [] });
      return;
    }
    const report = known.docs.currentReport;
    let due: DueYearDocuments | null = null;
    if (report) {
      const items = known.items ? await known.items() : await this.store.itemsOf(m, townshipId, year);
      due = { items, metrics: this.store.metricsOf(known.docs), text: known.text(report.id), problems: known.problemsOf(report.id) };
    }
    // Obligation names only appear in plan-item notes and messages.
    let obligationNames = new Map<string, string>();
    if (plans.length) {
      const template = await this.store.templateFor(m, ctx, townshipId, year);
      obligationNames = new Map((template ? await this.store.obligations(m, ctx, template.id) : []).map((o) => [o.obligationId, o.nameZh]));
    }
    const judgement = judgeCommitments({ year, plans, problems, due, obligationNames, today });
    writes.plans.push(...judgement.plans.map((p) => ({ ...p, against: report?.id ?? null })));
    writes.problems.push(...judgement.problems);
    writes.findings.push({ year, kinds: COMMITMENT_FINDING_KINDS, open: judgement.findings });
  }
}
