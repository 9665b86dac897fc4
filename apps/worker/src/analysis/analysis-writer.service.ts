import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Analysis } from '@app/report-analyzer/types';
import { closeRecomputeRequest, lockTownshipYears, requestChecklistRecompute, type ItemRow, type PlanItem, type Problem, type Submission } from '@app/persistence';
import { ChecklistRecomputeService } from '../checklist/checklist-recompute.service';
import { ChecklistStore, RecomputeContext } from '../checklist/checklist-store';
import { buildAnalysisMeta } from './analysis-meta';
import { matchByPositionAndText } from './positional-match';
import { isUpToDate } from './submission-state.service';
import { REPORT_ANALYZER, type ReportAnalyzer } from './report-analyzer.port';
import { heldForYear, notAReport, notifyHeld, type Held } from './not-a-report';
import { PENDING_SIBLING_SQL } from './recompute-coalescing';

interface EvidenceRow {
  checklistItemId: string;
  quote: string | null;
  startOffset: number | null;
  endOffset: number | null;
  section: string | null;
  note: string | null;
  confidence: number | null;
  /** 'ocr' when the text was read off a scan or photo. */
  source: 'auto' | 'ocr';
  /** For 'ocr': the OCR confidence of the quoted lines (a file-level row: the document's mean). */
  ocrConfidence: number | null;
}

type Quote = Analysis['obligations'][number]['evidence'][number];
/** One automatic evidence row from an analyzer quote, with its claim confidence and, when read by OCR, the OCR's. */
const quoteRow = (checklistItemId: string, e: Quote): EvidenceRow => ({
  checklistItemId,
  quote: e.quote,
  startOffset: e.start,
  endOffset: e.end,
  section: e.section,
  note: null,
  confidence: e.confidence ?? null,
  source: e.source === 'ocr' ? 'ocr' : 'auto',
  ocrConfidence: e.ocrConfidence ?? null,
});

const evidenceKey = (e: Pick<EvidenceRow, 'checklistItemId' | 'startOffset' | 'endOffset'>) => `${e.checklistItemId}|${e.startOffset ?? ''}|${e.endOffset ?? ''}`;

const PLAN_RECORDSET = `"obligationIds" text[], target jsonb, "dueDate" date, "startOffset" int, "endOffset" int`;
const PROBLEM_RECORDSET = `"obligationIds" text[], "startOffset" int, "endOffset" int`;

type PlanInsert = { position: number; text: string; obligationIds: string[]; target: unknown; dueDate: string; startOffset: number; endOffset: number; status: string; overrideStatus: string | null; overrideReason: string | null; overrideBy: string | null; overrideAt: Date | string | null };
type ProblemInsert = { position: number; text: string; obligationIds: string[]; startOffset: number; endOffset: number };
type MetricInsert = { obligationId: string; key: string; value: number; unit: string | null; quote: string; startOffset: number; endOffset: number };
type Inserts = { evidence: EvidenceRow[]; metrics: MetricInsert[]; plans: PlanInsert[]; problems: ProblemInsert[] };

/** What lockedState reads in one statement under the township-year locks. */
interface LockedState {
  submissionId: string;
  status: Submission['status'];
  analyzerVersion: string | null;
  evidence: (EvidenceRow & { id: string })[];
  metricCount: number;
  plans: Pick<PlanItem, 'id' | 'position' | 'text' | 'overrideStatus' | 'overrideReason' | 'overrideBy' | 'overrideAt'>[];
  problems: Pick<Problem, 'id' | 'position' | 'text'>[];
  /** Another submission of the township-year is still to be written (recompute-coalescing.ts). */
  burstPending: boolean;
  /** requested_at of the township-year's open recompute request, as text (see openRecomputeRequest). */
  openRequest: string | null;
}

type SubmissionRow = Pick<Submission, 'id' | 'kind' | 'townshipId' | 'year' | 'fileName' | 'checklistItemId'> & { reportOverrideAt?: Date | null; yearConfirmedAt?: Date | null };
type TargetItem = Pick<ItemRow, 'id' | 'obligationId'>;
type Target = { townshipId: string; year: number; item: TargetItem | null };

/**
 * Writes one analysis in one transaction: text, this submission's automatic evidence, metrics, plan items and
 * problems, its metadata, then the township-year recompute. Re-running it with the same analysis leaves the same
 * rows (same ids where auditors may have touched them). Holds the township-year locks for year and year+1 (the
 * year whose plan items this report's commitments are judged in) and the submission row lock.
 *
 * Every table is written with a constant number of statements (one multi-row INSERT, UPDATE or DELETE each), and
 * what the transaction has read or written is handed to the recompute (RecomputeContext) instead of read again.
 */
@Injectable()
export class AnalysisWriterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(REPORT_ANALYZER) private readonly analyzer: ReportAnalyzer,
    private readonly recompute: ChecklistRecomputeService,
    private readonly store: ChecklistStore,
  ) {}

  async write(submissionId: string, analysis: Analysis, now: Date): Promise<'analyzed' | 'skipped'> {
    return this.ds.transaction(async (m) => {
      const found = await this.targetOf(m, submissionId);
      if (!found) return 'skipped';
      const { s, target } = found;
      await lockTownshipYears(m, target.townshipId, [target.year, target.year + 1]);
      // Re-check under the row lock (another run may have finished this submission meanwhile), with what it wrote before.
      const state = await this.lockedState(m, s.id, target);
      if (!state || isUpToDate(state, this.analyzer.version)) return 'skipped';

      const ctx = new RecomputeContext();
      ctx.texts.set(s.id, analysis.text);
      const { items, obligations } = await this.store.ensureChecklist(m, ctx, target.townshipId, target.year);
      const itemByObligation = new Map(items.map((i) => [i.obligationId, i]));

      const township = await this.store.township(m, ctx, s.townshipId);
      // An annual report that is no rule-of-law report at all (a menu, a contract) is kept but counts for nothing,
      // unless an auditor took it as a report (report_override_at). See libs/domain judgeReportLikeness.
      const notReport = s.kind === 'annual_report' && !s.reportOverrideAt ? notAReport(analysis, township?.name ?? null) : null;
      // A report whose text states another year waits for the township to confirm the year (checkReportYear).
      const yearHeld = s.kind === 'annual_report' && !notReport ? heldForYear(analysis, s) : null;
      const held: Held | null = notReport ? { status: 'rejected_not_report', code: 'NOT_A_REPORT', reason: notReport.reasonZh! } : yearHeld;
      const rows: Inserts = { evidence: [], metrics: [], plans: [], problems: [] };
      if (held) {
        rows.evidence = await this.replaceEvidence(m, state, []);
        await this.clearMetrics(m, s, state);
        rows.plans = await this.replacePlanItems(m, s, state, []);
        rows.problems = await this.replaceProblems(m, state, []);
      } else if (s.kind === 'annual_report') {
        rows.evidence = await this.replaceEvidence(m, state, this.reportEvidence(analysis, itemByObligation));
        await this.clearMetrics(m, s, state);
        rows.metrics = metricRows(analysis.metrics);
        rows.plans = await this.replacePlanItems(m, s, state, analysis.planItems);
        rows.problems = await this.replaceProblems(m, state, analysis.problems);
      } else if (target.item) {
        const name = obligations.find((o) => o.obligationId === target.item!.obligationId)?.nameZh ?? target.item.obligationId;
        rows.evidence = await this.replaceEvidence(m, state, this.evidenceFileEvidence(analysis, target.item, s.fileName, name));
        await this.clearMetrics(m, s, state);
        rows.metrics = metricRows(analysis.metrics.filter((x) => x.obligationId === target.item!.obligationId));
      }

      const meta = buildAnalysisMeta(analysis, { year: s.year, townshipName: township?.name ?? '' }, this.analyzer.version);
      await this.insertAndMark(m, s, target, analysis.text, rows, {
        status: held?.status ?? 'analyzed',
        meta: notReport ? { ...meta, reportLikeness: notReport.signals } : meta,
        errorCode: held?.code ?? null,
        errorMessage: held?.reason ?? null,
        now,
      });
      if (held) await notifyHeld(m, s, township?.countyId ?? null, held, this.analyzer.version, now);
      if (state.burstPending) {
        // Another submission of this township-year is still to be written: it recomputes (recompute-coalescing.ts).
        await requestChecklistRecompute(m, target.townshipId, target.year);
        return 'analyzed';
      }
      await this.recompute.recomputeWithin(m, target.townshipId, target.year, now, ctx);
      await closeRecomputeRequest(m, target.townshipId, target.year, state.openRequest);
      return 'analyzed';
    });
  }

  /**
   * Under the township-year locks, one read: the submission row (locked), what this submission wrote before (its
   * automatic evidence, plan items and problems, the number of its metrics), whether another submission of the
   * township-year is still pending, and the open recompute request of the township-year.
   */
  private async lockedState(m: EntityManager, submissionId: string, target: Target): Promise<LockedState | null> {
    const [row]: LockedState[] = await m.query(
      `SELECT s.status::text AS status, s.analyzer_version AS "analyzerVersion",
              coalesce((SELECT json_agg(json_build_object('id', e.id, 'checklistItemId', e.checklist_item_id, 'quote', e.quote,
                          'startOffset', e.start_offset, 'endOffset', e.end_offset, 'section', e.section, 'note', e.note,
                          'confidence', e.confidence, 'source', e.source, 'ocrConfidence', e.ocr_confidence) ORDER BY e.id)
                          FROM evidence e WHERE e.submission_id = s.id AND e.source IN ('auto', 'ocr')), '[]'::json) AS evidence,
              (SELECT count(*)::int FROM metric_values mv WHERE mv.submission_id = s.id) AS "metricCount",
              coalesce((SELECT json_agg(json_build_object('id', p.id, 'position', p.position, 'text', p.text,
                          'overrideStatus', p.override_status, 'overrideReason', p.override_reason,
                          'overrideBy', p.override_by, 'overrideAt', p.override_at) ORDER BY p.position)
                          FROM plan_items p WHERE p.submission_id = s.id), '[]'::json) AS plans,
              coalesce((SELECT json_agg(json_build_object('id', pr.id, 'position', pr.position, 'text', pr.text) ORDER BY pr.position)
                          FROM problems pr WHERE pr.submission_id = s.id), '[]'::json) AS problems,
              ${PENDING_SIBLING_SQL('$2', '$3', 's.id')} AS "burstPending",
              (SELECT r.requested_at::text FROM checklist_recompute_requests r WHERE r.township_id = $2 AND r.year = $3) AS "openRequest"
         FROM submissions s WHERE s.id = $1 FOR UPDATE OF s`,
      [submissionId, target.townshipId, target.year],
    );
    return row ? { ...row, submissionId } : null;
  }

  /** The submission, and its township-year: an evidence file belongs to its checklist item's, a report to its own. */
  private async targetOf(m: EntityManager, submissionId: string): Promise<{ s: SubmissionRow; target: Target } | null> {
    const rows: (SubmissionRow & { itemObligationId: string | null; itemTownshipId: string | null; itemYear: number | null })[] = await m.query(
      `SELECT s.id, s.kind::text AS kind, s.township_id AS "townshipId", s.year, s.file_name AS "fileName",
              s.checklist_item_id AS "checklistItemId", s.report_override_at AS "reportOverrideAt", s.year_confirmed_at AS "yearConfirmedAt", ci.obligation_id AS "itemObligationId",
              c.township_id AS "itemTownshipId", c.year AS "itemYear"
         FROM submissions s
         LEFT JOIN checklist_items ci ON s.kind = 'evidence' AND ci.id = s.checklist_item_id
         LEFT JOIN checklists c ON c.id = ci.checklist_id
        WHERE s.id = $1`,
      [submissionId],
    );
    const r = rows[0];
    if (!r) return null;
    const s: SubmissionRow = { id: r.id, kind: r.kind, townshipId: r.townshipId, year: r.year, fileName: r.fileName, checklistItemId: r.checklistItemId, reportOverrideAt: r.reportOverrideAt, yearConfirmedAt: r.yearConfirmedAt };
    if (r.kind === 'evidence' && r.checklistItemId && r.itemTownshipId !== null && r.itemYear !== null) {
      return { s, target: { townshipId: r.itemTownshipId, year: r.itemYear, item: { id: r.checklistItemId, obligationId: r.itemObligationId! } } };
    }
    return { s, target: { townshipId: s.townshipId, year: s.year, item: null } };
  }

  private reportEvidence(analysis: Analysis, itemByObligation: Map<string, TargetItem>): EvidenceRow[] {
    return analysis.obligations.flatMap((o) => {
      const item = itemByObligation.get(o.id);
      if (!item) return [];
      return o.evidence.map((e) => quoteRow(item.id, e));
    });
  }

  /**
   * An evidence file's quotes for its item's obligation; when the analyzer finds none (a photo caption, a signed
   * form), the file itself becomes one pending evidence row so the auditor judges it rather than it vanishing.
   */
  private evidenceFileEvidence(analysis: Analysis, item: TargetItem, fileName: string, itemName: string): EvidenceRow[] {
    const quotes = analysis.obligations.find((o) => o.id === item.obligationId)?.evidence ?? [];
    if (quotes.length) {
      return quotes.map((e) => quoteRow(item.id, e));
    }
    const ocr = analysis.source.ocr;
    return [{ checklistItemId: item.id, quote: null, startOffset: null, endOffset: null, section: null, confidence: null, source: ocr ? 'ocr' : 'auto', ocrConfidence: ocr?.meanConfidence ?? null, note: `证据文件《${fileName}》中未自动识别到“${itemName}”的相关表述，请审核员查看原文件后认定。` }];
  }

  /**
   * Replaces this submission's automatic evidence. Rows at the same item and offsets are kept as they are (an
   * auditor's accepted/rejected stays); others are deleted; changed ones updated here. Returns the rows to insert.
   * Manual evidence is never touched.
   */
  private async replaceEvidence(m: EntityManager, state: LockedState, desired: EvidenceRow[]): Promise<EvidenceRow[]> {
    const unique = new Map(desired.map((d) => [evidenceKey(d), d]));
    const keep = new Set<string>();
    const remove: string[] = [];
    const updates: (Omit<EvidenceRow, 'checklistItemId' | 'startOffset' | 'endOffset'> & { id: string })[] = [];
    for (const e of state.evidence) {
      const k = evidenceKey(e);
      const d = unique.get(k);
      if (!d || keep.has(k)) {
        remove.push(e.id);
        continue;
      }
      keep.add(k);
      if (e.quote !== d.quote || e.section !== d.section || e.note !== d.note || e.confidence !== d.confidence || e.source !== d.source || e.ocrConfidence !== d.ocrConfidence) {
        updates.push({ id: e.id, quote: d.quote, section: d.section, note: d.note, confidence: d.confidence, source: d.source, ocrConfidence: d.ocrConfidence });
      }
    }
    if (updates.length) {
      await m.query(
        `UPDATE evidence e SET quote = v.quote, section = v.section, note = v.note, confidence = v.confidence,
                source = v.source::evidence_source, ocr_confidence = v."ocrConfidence"
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, quote text, section text, note text, confidence real, source text, "ocrConfidence" real)
          WHERE e.id = v.id`,
        [JSON.stringify(updates)],
      );
    }
    if (remove.length) await m.query(`DELETE FROM evidence WHERE id = ANY($1::uuid[])`, [remove]);
    return [...unique.entries()].filter(([k]) => !keep.has(k)).map(([, d]) => d);
  }

  /** Metrics are replaced whole: the old ones go first (their unique keys would clash with the new). */
  private async clearMetrics(m: EntityManager, s: SubmissionRow, state: LockedState): Promise<void> {
    if (state.metricCount > 0) await m.query(`DELETE FROM metric_values WHERE submission_id = $1`, [s.id]);
  }

  /** Plan items keep their id (and with it an auditor's override) when their text is found again. */
  private async replacePlanItems(m: EntityManager, s: SubmissionRow, state: LockedState, next: Analysis['planItems']): Promise<PlanInsert[]> {
    const match = matchByPositionAndText(state.plans, next);
    if (match.removed.length) await m.query(`DELETE FROM plan_items WHERE id = ANY($1::uuid[])`, [match.removed.map((p) => p.id)]);
    const fields = (p: Analysis['planItems'][number]) => ({
      obligationIds: p.obligationIds,
      target: p.target,
      dueDate: p.due || `${s.year + 1}-12-31`,
      startOffset: p.start,
      endOffset: p.end,
    });
    if (match.inPlace.length) {
      await m.query(
        `UPDATE plan_items p
            SET obligation_ids = v."obligationIds", target = v.target, due_date = v."dueDate",
                start_offset = v."startOffset", end_offset = v."endOffset", updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, ${PLAN_RECORDSET})
          WHERE p.id = v.id`,
        [JSON.stringify(match.inPlace.map(({ old, next }) => ({ id: old.id, ...fields(next) })))],
      );
    }
    return match.fresh.map(({ carriedFrom, next, position }) => {
      const override = carriedFrom?.overrideStatus ?? null;
      return {
        position,
        text: next.text,
        ...fields(next),
        status: override ?? 'open',
        overrideStatus: override,
        overrideReason: carriedFrom?.overrideReason ?? null,
        overrideBy: carriedFrom?.overrideBy ?? null,
        overrideAt: carriedFrom?.overrideAt ?? null,
      };
    });
  }

  private async replaceProblems(m: EntityManager, state: LockedState, next: Analysis['problems']): Promise<ProblemInsert[]> {
    const match = matchByPositionAndText(state.problems, next);
    if (match.removed.length) await m.query(`DELETE FROM problems WHERE id = ANY($1::uuid[])`, [match.removed.map((p) => p.id)]);
    if (match.inPlace.length) {
      await m.query(
        `UPDATE problems p
            SET obligation_ids = v."obligationIds", start_offset = v."startOffset", end_offset = v."endOffset", updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, ${PROBLEM_RECORDSET})
          WHERE p.id = v.id`,
        [JSON.stringify(match.inPlace.map(({ old, next }) => ({ id: old.id, obligationIds: next.obligationIds, startOffset: next.start, endOffset: next.end })))],
      );
    }
    return match.fresh.map(({ next, position }) => ({ position, text: next.text, obligationIds: next.obligationIds, startOffset: next.start, endOffset: next.end }));
  }

  /**
   * One statement for every insert of the write — the text, the new evidence, metrics, plan items and problems (one
   * multi-row INSERT each, from JSON arrays) — and the submission's new status. Updates and deletes of earlier rows
   * ran before it, so its inserts cannot clash with rows it replaces.
   */
  private async insertAndMark(
    m: EntityManager,
    s: SubmissionRow,
    target: Target,
    text: string,
    rows: Inserts,
    mark: { status: string; meta: object; errorCode: string | null; errorMessage: string | null; now: Date },
  ): Promise<void> {
    await m.query(
      `WITH text_row AS (
         INSERT INTO submission_texts (submission_id, text, analyzer_version) VALUES ($1, $6, $7)
         ON CONFLICT (submission_id) DO UPDATE SET text = EXCLUDED.text, analyzer_version = EXCLUDED.analyzer_version
       ), evidence_rows AS (
         INSERT INTO evidence (checklist_item_id, submission_id, source, review_state, quote, start_offset, end_offset, section, note, confidence, ocr_confidence)
         SELECT v."checklistItemId", $1, v.source::evidence_source, 'pending', v.quote, v."startOffset", v."endOffset", v.section, v.note, v.confidence, v."ocrConfidence"
           FROM jsonb_to_recordset($8::jsonb)
                AS v("checklistItemId" uuid, quote text, "startOffset" int, "endOffset" int, section text, note text, confidence real, source text, "ocrConfidence" real)
       ), metric_rows AS (
         INSERT INTO metric_values (submission_id, township_id, year, obligation_id, key, value, unit, quote, start_offset, end_offset)
         SELECT $1, $2, $3, v."obligationId", v.key, v.value, v.unit, v.quote, v."startOffset", v."endOffset"
           FROM jsonb_to_recordset($9::jsonb)
                AS v("obligationId" text, key text, value float8, unit text, quote text, "startOffset" int, "endOffset" int)
       ), plan_rows AS (
         INSERT INTO plan_items (submission_id, township_id, year, plan_year, position, text, obligation_ids, target, due_date,
                                 start_offset, end_offset, auto_status, status, override_status, override_reason, override_by, override_at)
         SELECT $1, $4, $5, $5 + 1, v.position, v.text, v."obligationIds", v.target, v."dueDate", v."startOffset", v."endOffset",
                'open', v.status::plan_item_status, v."overrideStatus"::plan_item_status, v."overrideReason", v."overrideBy", v."overrideAt"
           FROM jsonb_to_recordset($10::jsonb)
                AS v(position int, text text, ${PLAN_RECORDSET}, status text, "overrideStatus" text, "overrideReason" text,
                     "overrideBy" uuid, "overrideAt" timestamptz)
       ), problem_rows AS (
         INSERT INTO problems (submission_id, township_id, year, position, text, obligation_ids, start_offset, end_offset)
         SELECT $1, $4, $5, v.position, v.text, v."obligationIds", v."startOffset", v."endOffset"
           FROM jsonb_to_recordset($11::jsonb) AS v(position int, text text, ${PROBLEM_RECORDSET})
       )
       UPDATE submissions
          SET status = $12::submission_status, analyzer_version = $7, analyzed_at = $13, analysis_meta = $14::jsonb,
              error_code = $15, error_message = $16, progress = NULL, updated_at = now()
        WHERE id = $1`,
      [
        s.id, target.townshipId, target.year, s.townshipId, s.year, text, this.analyzer.version,
        JSON.stringify(rows.evidence), JSON.stringify(rows.metrics), JSON.stringify(rows.plans), JSON.stringify(rows.problems),
        mark.status, mark.now, JSON.stringify(mark.meta), mark.errorCode, mark.errorMessage,
      ],
    );
  }
}

/** An analysis's metrics as rows, one per (obligation, key, offset) as the unique index wants. */
function metricRows(metrics: Analysis['metrics']): MetricInsert[] {
  const unique = new Map(metrics.map((x) => [`${x.obligationId}|${x.key}|${x.start}`, x]));
  return [...unique.values()].map((x) => ({
    obligationId: x.obligationId,
    key: x.key,
    value: x.value,
    unit: x.unit,
    quote: x.quote,
    startOffset: x.start,
    endOffset: x.end,
  }));
}
