import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Analysis } from '@app/report-analyzer/types';
import { ChecklistItem, Checklist, Evidence, MetricValue, PlanItem, Problem, Submission } from '@app/persistence';
import { ChecklistRecomputeService } from '../checklist/checklist-recompute.service';
import { lockTownshipYears } from '../checklist/township-year-lock';
import { buildAnalysisMeta } from './analysis-meta';
import { matchByPositionAndText } from './positional-match';
import { isUpToDate } from './submission-state.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';

interface EvidenceRow {
  checklistItemId: string;
  quote: string | null;
  startOffset: number | null;
  endOffset: number | null;
  section: string | null;
  note: string | null;
}

const evidenceKey = (e: Pick<EvidenceRow, 'checklistItemId' | 'startOffset' | 'endOffset'>) => `${e.checklistItemId}|${e.startOffset ?? ''}|${e.endOffset ?? ''}`;

/**
 * Writes one analysis in one transaction: text, this submission's automatic evidence, metrics, plan items and
 * problems, its metadata, then the township-year recompute. Re-running it with the same analysis leaves the same
 * rows (same ids where auditors may have touched them). Holds the township-year locks for year and year+1 (the
 * year whose plan items this report's commitments are judged in) and the submission row lock.
 */
@Injectable()
export class AnalysisWriterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
    private readonly recompute: ChecklistRecomputeService,
  ) {}

  async write(submissionId: string, analysis: Analysis, now: Date): Promise<'analyzed' | 'skipped'> {
    return this.ds.transaction(async (m) => {
      const s = await m.findOneBy(Submission, { id: submissionId });
      if (!s) return 'skipped';
      const target = await this.targetOf(m, s);
      await lockTownshipYears(m, target.townshipId, [target.year, target.year + 1]);
      // Re-check under the row lock: another run may have finished this submission meanwhile.
      const fresh = await m.findOne(Submission, { where: { id: submissionId }, lock: { mode: 'pessimistic_write' } });
      if (!fresh || isUpToDate(fresh, this.analyzer.version)) return 'skipped';

      await m.query(
        `INSERT INTO submission_texts (submission_id, text, analyzer_version) VALUES ($1, $2, $3)
         ON CONFLICT (submission_id) DO UPDATE SET text = EXCLUDED.text, analyzer_version = EXCLUDED.analyzer_version`,
        [s.id, analysis.text, this.analyzer.version],
      );
      const { items, obligations } = await this.recompute.ensureChecklist(m, target.townshipId, target.year);
      const itemByObligation = new Map(items.map((i) => [i.obligationId, i]));

      if (s.kind === 'annual_report') {
        await this.replaceEvidence(m, s.id, this.reportEvidence(analysis, itemByObligation));
        await this.replaceMetrics(m, s, target, analysis.metrics);
        await this.replacePlanItems(m, s, analysis);
        await this.replaceProblems(m, s, analysis);
      } else if (target.item) {
        const name = obligations.find((o) => o.obligationId === target.item!.obligationId)?.nameZh ?? target.item.obligationId;
        await this.replaceEvidence(m, s.id, this.evidenceFileEvidence(analysis, target.item, s.fileName, name));
        await this.replaceMetrics(m, s, target, analysis.metrics.filter((x) => x.obligationId === target.item!.obligationId));
      }

      const township = await m.query(`SELECT name FROM townships WHERE id = $1`, [s.townshipId]);
      const done: QueryDeepPartialEntity<Submission> = {
          status: 'analyzed',
          analyzerVersion: this.analyzer.version,
          analyzedAt: now,
          analysisMeta: buildAnalysisMeta(analysis, { year: s.year, townshipName: township[0]?.name ?? '' }, this.analyzer.version) as never,
          errorCode: null,
          errorMessage: null,
      };
      await m.update(Submission, { id: s.id }, done);
      await this.recompute.recompute(m, target.townshipId, target.year, now);
      await this.recompute.judgeYearOverYear(m, target.townshipId, target.year + 1, now);
      return 'analyzed';
    });
  }

  /** An evidence file belongs to its checklist item's township-year; a report to its own. */
  private async targetOf(m: EntityManager, s: Submission): Promise<{ townshipId: string; year: number; item: ChecklistItem | null }> {
    if (s.kind === 'evidence' && s.checklistItemId) {
      const item = await m.findOneBy(ChecklistItem, { id: s.checklistItemId });
      const checklist = item ? await m.findOneBy(Checklist, { id: item.checklistId }) : null;
      if (item && checklist) return { townshipId: checklist.townshipId, year: checklist.year, item };
    }
    return { townshipId: s.townshipId, year: s.year, item: null };
  }

  private reportEvidence(analysis: Analysis, itemByObligation: Map<string, ChecklistItem>): EvidenceRow[] {
    return analysis.obligations.flatMap((o) => {
      const item = itemByObligation.get(o.id);
      if (!item) return [];
      return o.evidence.map((e) => ({ checklistItemId: item.id, quote: e.quote, startOffset: e.start, endOffset: e.end, section: e.section, note: null }));
    });
  }

  /**
   * An evidence file's quotes for its item's obligation; when the analyzer finds none (a photo caption, a signed
   * form), the file itself becomes one pending evidence row so the auditor judges it rather than it vanishing.
   */
  private evidenceFileEvidence(analysis: Analysis, item: ChecklistItem, fileName: string, itemName: string): EvidenceRow[] {
    const quotes = analysis.obligations.find((o) => o.id === item.obligationId)?.evidence ?? [];
    if (quotes.length) {
      return quotes.map((e) => ({ checklistItemId: item.id, quote: e.quote, startOffset: e.start, endOffset: e.end, section: e.section, note: null }));
    }
    return [{ checklistItemId: item.id, quote: null, startOffset: null, endOffset: null, section: null, note: `证据文件《${fileName}》中未自动识别到“${itemName}”的相关表述，请审核员查看原文件后认定。` }];
  }

  /**
   * Replaces this submission's automatic evidence. Rows at the same item and offsets are kept as they are (an
   * auditor's accepted/rejected stays); others are deleted; new ones inserted. Manual evidence is never touched.
   */
  private async replaceEvidence(m: EntityManager, submissionId: string, desired: EvidenceRow[]): Promise<void> {
    const unique = new Map(desired.map((d) => [evidenceKey(d), d]));
    const existing = await m.find(Evidence, { where: { submissionId, source: 'auto' } });
    const keep = new Set<string>();
    const remove: string[] = [];
    for (const e of existing) {
      const k = evidenceKey(e);
      const d = unique.get(k);
      if (!d || keep.has(k)) {
        remove.push(e.id);
        continue;
      }
      keep.add(k);
      if (e.quote !== d.quote || e.section !== d.section || e.note !== d.note) {
        await m.update(Evidence, { id: e.id }, { quote: d.quote, section: d.section, note: d.note });
      }
    }
    if (remove.length) await m.delete(Evidence, { id: In(remove) });
    const inserts = [...unique.entries()].filter(([k]) => !keep.has(k)).map(([, d]) => ({ ...d, submissionId, source: 'auto' as const, reviewState: 'pending' as const }));
    if (inserts.length) await m.insert(Evidence, inserts);
  }

  private async replaceMetrics(m: EntityManager, s: Submission, target: { townshipId: string; year: number }, metrics: Analysis['metrics']): Promise<void> {
    await m.delete(MetricValue, { submissionId: s.id });
    const unique = new Map(metrics.map((x) => [`${x.obligationId}|${x.key}|${x.start}`, x]));
    const rows = [...unique.values()].map((x) => ({
      submissionId: s.id,
      townshipId: target.townshipId,
      year: target.year,
      obligationId: x.obligationId,
      key: x.key,
      value: x.value,
      unit: x.unit,
      quote: x.quote,
      startOffset: x.start,
      endOffset: x.end,
    }));
    if (rows.length) await m.insert(MetricValue, rows);
  }

  /** Plan items keep their id (and with it an auditor's override) when their text is found again. */
  private async replacePlanItems(m: EntityManager, s: Submission, analysis: Analysis): Promise<void> {
    const existing = await m.find(PlanItem, { where: { submissionId: s.id } });
    const match = matchByPositionAndText(existing, analysis.planItems);
    if (match.removed.length) await m.delete(PlanItem, { id: In(match.removed.map((p) => p.id)) });
    const fields = (p: Analysis['planItems'][number]) => ({
      obligationIds: p.obligationIds,
      target: p.target,
      dueDate: p.due || `${s.year + 1}-12-31`,
      startOffset: p.start,
      endOffset: p.end,
    });
    for (const { old, next } of match.inPlace) await m.update(PlanItem, { id: old.id }, fields(next));
    const inserts = match.fresh.map(({ carriedFrom, next, position }) => {
      const override = carriedFrom?.overrideStatus ?? null;
      return {
        submissionId: s.id,
        townshipId: s.townshipId,
        year: s.year,
        planYear: s.year + 1,
        position,
        text: next.text,
        ...fields(next),
        autoStatus: 'open' as const,
        status: override ?? ('open' as const),
        overrideStatus: override,
        overrideReason: carriedFrom?.overrideReason ?? null,
        overrideBy: carriedFrom?.overrideBy ?? null,
        overrideAt: carriedFrom?.overrideAt ?? null,
      };
    });
    if (inserts.length) await m.insert(PlanItem, inserts);
  }

  private async replaceProblems(m: EntityManager, s: Submission, analysis: Analysis): Promise<void> {
    const existing = await m.find(Problem, { where: { submissionId: s.id } });
    const match = matchByPositionAndText(existing, analysis.problems);
    if (match.removed.length) await m.delete(Problem, { id: In(match.removed.map((p) => p.id)) });
    for (const { old, next } of match.inPlace) {
      await m.update(Problem, { id: old.id }, { obligationIds: next.obligationIds, startOffset: next.start, endOffset: next.end });
    }
    const inserts = match.fresh.map(({ next, position }) => ({
      submissionId: s.id,
      townshipId: s.townshipId,
      year: s.year,
      position,
      text: next.text,
      obligationIds: next.obligationIds,
      startOffset: next.start,
      endOffset: next.end,
    }));
    if (inserts.length) await m.insert(Problem, inserts);
  }
}

