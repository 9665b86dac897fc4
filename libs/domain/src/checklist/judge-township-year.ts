// One township-year's checklist from what its documents show: each item's automatic and effective status, the
// score, and the findings an auditor should chase. Pure: the worker's store reads the rows, this decides.
import { todayIn } from '../reminders/deadlines';
import { belowThresholdMessage, lateReportMessage, missingEvidenceMessage, rejectedItemMessage, unpublishedReportMessage } from '../reminders/message-templates';
import { dueDateFor, type DueRule } from '../template';
import type { MetricFact } from '../tracking/plan-tracking';
import { REPORT_SUBJECT, itemSubject, type FindingSpec } from './findings';
import { effectiveItemStatus, judgeItem, villageCounselCoverage } from './item-status';
import { PUBLICATION_OBLIGATION, SUBMISSION_OBLIGATION, countsAsEvidence, isMetadataObligation, isReportPublished, type EvidenceFacts } from './report-facts';
import { scoreChecklist } from './scoring';
import type { AutoItemStatus, ItemDecision, ItemStatus, RequirementKind } from './statuses';

/** An obligation as the year's template states it. */
export interface ObligationFacts {
  obligationId: string;
  nameZh: string;
  requirementKind: RequirementKind;
  metricKey: string | null;
  threshold: number | null;
  unit: string | null;
  dueRule: DueRule;
  weight: number;
}

/** A checklist item as stored: what an auditor decided about it. */
export interface ChecklistItemFacts {
  id: string;
  obligationId: string;
  decision: ItemDecision | null;
  decisionReason?: string | null;
  reviewRequestedAt?: Date | null;
}

/** Evidence rows of the items (any document, any state), as many as `count` alike. */
export interface ItemEvidence extends EvidenceFacts {
  checklistItemId: string;
  count: number;
}

/** An annual report of the year that counts as submitted. */
export interface SubmittedReport {
  submittedAt: Date;
  publishedAt: string | null;
  publishedUrl: string | null;
}

export interface TownshipYearFacts {
  year: number;
  /** The template's obligations, in template order; every one has an item. */
  obligations: readonly ObligationFacts[];
  items: readonly ChecklistItemFacts[];
  evidence: readonly ItemEvidence[];
  /** Metric rows of the year's current documents. */
  metrics: readonly MetricFact[];
  villageCount: number | null;
  reports: {
    /** Ids of the current documents (the latest analysed report and the evidence files). */
    currentIds: readonly string[];
    /** Whether the year has an analysed annual report. */
    hasCurrentReport: boolean;
    /** Annual reports received and counted, in submission order. */
    submitted: readonly SubmittedReport[];
  };
  deadlines: { reportSubmitBy: DueRule; reportPublishBy: DueRule };
  /** Today and the time zone deadlines are kept in. */
  today: string;
  timeZone: string;
}

export interface JudgedItem {
  itemId: string;
  obligationId: string;
  autoStatus: AutoItemStatus;
  status: ItemStatus;
  measuredValue: number | null;
  /** Points earned (see scoreChecklist). */
  score: number;
  dueDate: string;
}

export interface TownshipYearJudgement {
  /** One per obligation, in template order (items of obligations the template no longer has are not judged). */
  items: JudgedItem[];
  score: number;
  /** The open findings of TOWNSHIP_YEAR_FINDING_KINDS: item findings, then report findings. */
  findings: FindingSpec[];
}

/** The obligation's measured number: the largest value a current document states, or the village coverage. */
function measuredValueOf(o: ObligationFacts, maxima: ReadonlyMap<string, number>, villageCount: number | null): number | null {
  if (o.obligationId === 'village_legal_counsel') {
    return villageCounselCoverage({
      villagesCovered: maxima.get('village_legal_counsel.villages_covered') ?? null,
      villageCount,
      statedRate: maxima.get('village_legal_counsel.coverage_rate') ?? null,
    });
  }
  return o.metricKey ? (maxima.get(`${o.obligationId}.${o.metricKey}`) ?? null) : null;
}

/** The largest value each (obligation, metric key) reaches across the rows. */
function metricMaxima(metrics: readonly MetricFact[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of metrics) {
    const k = `${r.obligationId}.${r.key}`;
    const had = out.get(k);
    if (had === undefined || r.value > had) out.set(k, r.value);
  }
  return out;
}

export function judgeTownshipYear(f: TownshipYearFacts): TownshipYearJudgement {
  const current = new Set(f.reports.currentIds);
  const evidenceCount = new Map<string, number>();
  for (const e of f.evidence) {
    if (countsAsEvidence(e, current)) evidenceCount.set(e.checklistItemId, (evidenceCount.get(e.checklistItemId) ?? 0) + e.count);
  }
  const maxima = metricMaxima(f.metrics);
  const itemByObligation = new Map(f.items.map((i) => [i.obligationId, i]));
  const submitted = f.reports.submitted.length > 0;
  const published = isReportPublished(f.reports.submitted);

  const judged = f.obligations.map((o) => {
    const item = itemByObligation.get(o.obligationId);
    if (!item) throw new Error(`no checklist item for obligation ${o.obligationId}`);
    const metadataFact = o.obligationId === SUBMISSION_OBLIGATION ? submitted : o.obligationId === PUBLICATION_OBLIGATION ? published : false;
    const evidenced = metadataFact || (evidenceCount.get(item.id) ?? 0) > 0;
    const auto = judgeItem({ kind: o.requirementKind, metricKey: o.metricKey, threshold: o.threshold }, { evidenced, measuredValue: measuredValueOf(o, maxima, f.villageCount) });
    return { o, item, auto, status: effectiveItemStatus(auto.autoStatus, item.decision), dueDate: dueDateFor(o.dueRule, f.year) };
  });
  const score = scoreChecklist(judged.map((j) => ({ weight: j.o.weight, status: j.status })));

  const findings: FindingSpec[] = [];
  // Item findings wait for the year's annual report: until it is analysed every item is "missing" by default, and
  // the late_report finding is the one thing to chase. Metadata obligations have their own report findings.
  if (f.reports.hasCurrentReport) {
    for (const j of judged) {
      if (isMetadataObligation(j.o.obligationId)) continue;
      const finding = itemFinding(f.year, j.o, j.item, j.status, j.auto.measuredValue, j.dueDate);
      if (finding) findings.push(finding);
    }
  }
  findings.push(...reportFindings(f, itemByObligation));

  return {
    items: judged.map((j, i) => ({
      itemId: j.item.id,
      obligationId: j.o.obligationId,
      autoStatus: j.auto.autoStatus,
      status: j.status,
      measuredValue: j.auto.measuredValue,
      score: score.itemScores[i],
      dueDate: j.dueDate,
    })),
    score: score.score,
    findings,
  };
}

/** missing_evidence for a missing or rejected item, below_threshold for a number short of the threshold. */
function itemFinding(year: number, o: ObligationFacts, item: ChecklistItemFacts, status: ItemStatus, measured: number | null, dueDate: string): FindingSpec | null {
  if (status === 'missing' || status === 'rejected') {
    const rejected = status === 'rejected';
    return {
      kind: 'missing_evidence',
      subjectKey: itemSubject(o.obligationId),
      // A rejected item has evidence the auditor did not accept: say so, and why, rather than "missing".
      message: rejected
        ? rejectedItemMessage({ year, itemName: o.nameZh, dueDate, reason: item.decisionReason ?? null, reviewRequested: !!item.reviewRequestedAt })
        : missingEvidenceMessage({ year, itemName: o.nameZh, dueDate }),
      dueDate,
      checklistItemId: item.id,
      details: {
        obligationId: o.obligationId,
        status,
        ...(rejected ? { rejected: true, decisionReason: item.decisionReason ?? null, awaitingReview: !!item.reviewRequestedAt } : {}),
      },
    };
  }
  if (status === 'below_threshold') {
    return {
      kind: 'below_threshold',
      subjectKey: itemSubject(o.obligationId),
      message: belowThresholdMessage({ year, itemName: o.nameZh, measured: measured!, threshold: o.threshold!, unit: o.unit ?? '', dueDate }),
      dueDate,
      checklistItemId: item.id,
      details: { obligationId: o.obligationId, measured, threshold: o.threshold },
    };
  }
  return null;
}

/** late_report and unpublished_report: judged from dates against "today" in the county's time zone. */
function reportFindings(f: TownshipYearFacts, items: ReadonlyMap<string, ChecklistItemFacts>): FindingSpec[] {
  const out: FindingSpec[] = [];
  const { year, today } = f;
  const submitBy = dueDateFor(f.deadlines.reportSubmitBy, year);
  const publishBy = dueDateFor(f.deadlines.reportPublishBy, year);
  const first = f.reports.submitted[0];
  const submittedOn = first ? todayIn(f.timeZone, first.submittedAt) : null;
  // A report handed in late stays a late_report finding (the lateness is a fact); one never handed in is open
  // from the day after the deadline.
  if ((submittedOn && submittedOn > submitBy) || (!submittedOn && today > submitBy)) {
    out.push({
      kind: 'late_report',
      subjectKey: REPORT_SUBJECT,
      message: lateReportMessage({ year, dueDate: submitBy, today, submittedOn }),
      dueDate: submitBy,
      checklistItemId: items.get(SUBMISSION_OBLIGATION)?.id ?? null,
      details: { submittedOn },
    });
  }
  if (!isReportPublished(f.reports.submitted) && today > publishBy) {
    const submitted = f.reports.submitted.length > 0;
    out.push({
      kind: 'unpublished_report',
      subjectKey: REPORT_SUBJECT,
      message: unpublishedReportMessage({ year, dueDate: publishBy, today, submitted }),
      dueDate: publishBy,
      checklistItemId: items.get(PUBLICATION_OBLIGATION)?.id ?? null,
      details: { submitted },
    });
  }
  return out;
}
