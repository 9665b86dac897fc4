import type { Checklist, ChecklistItem, ChecklistTemplate, Evidence, Finding, MetricValue, PlanItem, Problem, TemplateObligation, Township } from '@app/persistence';
import { hasOpenQuestion } from '@app/domain';

// The shapes GET /townships/:id/checklists/:year returns: one checklist with everything a reviewer needs per item.

export interface EvidenceView {
  id: string;
  source: Evidence['source'];
  quote: string | null;
  startOffset: number | null;
  endOffset: number | null;
  section: string | null;
  note: string | null;
  /** The analyzer's 0–1 strength of the claim; null for manual evidence. */
  confidence: number | null;
  /** For source 'ocr': how surely OCR read the quoted lines off the scan or photo (0–1). */
  ocrConfidence: number | null;
  submissionId: string | null;
  reviewState: Evidence['reviewState'];
  reviewedBy: string | null;
  reviewedAt: Date | null;
  comment: string | null;
  createdAt: Date;
}

export interface ChecklistItemView {
  id: string;
  obligationId: string;
  position: number;
  name: string;
  area: string;
  tier: string;
  description: string;
  requirement: {
    kind: TemplateObligation['requirementKind'];
    metricKey: string | null;
    threshold: number | null;
    unit: string | null;
    basis: string | null;
    thresholdIsLocalDefault: boolean;
  };
  weight: number;
  status: ChecklistItem['status'];
  autoStatus: ChecklistItem['autoStatus'];
  decision: ChecklistItem['decision'];
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  commentAt: Date | null;
  /** The comment is a question the township has not answered yet (no note written since). */
  openQuestion: boolean;
  dueDate: string;
  measuredValue: number | null;
  score: number;
  /** 待审 again: the township acted on the item after a rejection or answered its finding (the decision is kept). */
  awaitingReview: boolean;
  reviewRequestedAt: Date | null;
  reviewRequestCause: ChecklistItem['reviewRequestCause'];
  townshipNote: string | null;
  townshipNoteAt: Date | null;
  evidence: EvidenceView[];
  metrics: Pick<MetricValue, 'id' | 'submissionId' | 'key' | 'value' | 'unit' | 'quote' | 'startOffset' | 'endOffset'>[];
  openFindings: Finding[];
}

export interface ChecklistView {
  id: string;
  township: Pick<Township, 'id' | 'name' | 'code' | 'countyId' | 'level' | 'villageCount'>;
  year: number;
  /** Null when the year has no annual report that counts as submitted (未报送), as on the county matrix — never 0. */
  score: number | null;
  recomputedAt: Date | null;
  template: Pick<ChecklistTemplate, 'id' | 'year' | 'version' | 'title'>;
  items: ChecklistItemView[];
  /** Commitments this year's report makes for next year. */
  planItemsMade: PlanItem[];
  /** Commitments last year's report made for this year, with how they were judged. */
  planItemsDue: PlanItem[];
  problems: { reportedThisYear: Problem[]; reportedLastYear: Problem[] };
  findings: Finding[];
}

export function checklistView(input: {
  checklist: Checklist;
  township: Township;
  template: ChecklistTemplate;
  obligations: TemplateObligation[];
  items: ChecklistItem[];
  evidence: Evidence[];
  metrics: MetricValue[];
  planItemsMade: PlanItem[];
  planItemsDue: PlanItem[];
  problemsThisYear: Problem[];
  problemsLastYear: Problem[];
  findings: Finding[];
  /** The year has an annual report that counts as submitted (not withdrawn): only then is there a score. */
  reported: boolean;
}): ChecklistView {
  const { checklist, township, template } = input;
  const byObligation = new Map(input.items.map((i) => [i.obligationId, i]));
  const items: ChecklistItemView[] = [];
  for (const o of input.obligations) {
    const item = byObligation.get(o.obligationId);
    if (!item) continue;
    items.push({
      id: item.id,
      obligationId: o.obligationId,
      position: o.position,
      name: o.nameZh,
      area: o.area,
      tier: o.tier,
      description: o.descriptionZh,
      requirement: {
        kind: o.requirementKind,
        metricKey: o.metricKey,
        threshold: o.threshold,
        unit: o.unit,
        basis: o.requirementBasis,
        thresholdIsLocalDefault: o.thresholdIsLocalDefault,
      },
      weight: o.weight,
      status: item.status,
      autoStatus: item.autoStatus,
      decision: item.decision,
      decisionReason: item.decisionReason,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt,
      comment: item.comment,
      commentAt: item.commentAt,
      openQuestion: hasOpenQuestion(item),
      dueDate: item.dueDate,
      measuredValue: item.measuredValue,
      score: item.score,
      awaitingReview: item.reviewRequestedAt !== null,
      reviewRequestedAt: item.reviewRequestedAt,
      reviewRequestCause: item.reviewRequestCause,
      townshipNote: item.townshipNote,
      townshipNoteAt: item.townshipNoteAt,
      evidence: input.evidence.filter((e) => e.checklistItemId === item.id).map(evidenceView),
      metrics: input.metrics
        .filter((m) => m.obligationId === o.obligationId)
        .map(({ id, submissionId, key, value, unit, quote, startOffset, endOffset }) => ({ id, submissionId, key, value, unit, quote, startOffset, endOffset })),
      openFindings: input.findings.filter((f) => f.status === 'open' && f.checklistItemId === item.id),
    });
  }
  return {
    id: checklist.id,
    township: { id: township.id, name: township.name, code: township.code, countyId: township.countyId, level: township.level, villageCount: township.villageCount },
    year: checklist.year,
    score: input.reported ? checklist.score : null,
    recomputedAt: checklist.recomputedAt,
    template: { id: template.id, year: template.year, version: template.version, title: template.title },
    items,
    planItemsMade: input.planItemsMade,
    planItemsDue: input.planItemsDue,
    problems: { reportedThisYear: input.problemsThisYear, reportedLastYear: input.problemsLastYear },
    findings: input.findings,
  };
}

export const evidenceView = (e: Evidence): EvidenceView => ({
  id: e.id,
  source: e.source,
  quote: e.quote,
  startOffset: e.startOffset,
  endOffset: e.endOffset,
  section: e.section,
  note: e.note,
  confidence: e.confidence,
  ocrConfidence: e.ocrConfidence,
  submissionId: e.submissionId,
  reviewState: e.reviewState,
  reviewedBy: e.reviewedBy,
  reviewedAt: e.reviewedAt,
  comment: e.comment,
  createdAt: e.createdAt,
});
