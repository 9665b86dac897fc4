// The commitments due in a year — the plan items and shortcomings (problems) of year − 1's report — judged against
// that year's documents. Pure: the worker's store reads the rows, this decides.
import { overduePlanMessage, planJudgementNote, problemJudgementNote, unrectifiedProblemMessage } from '../reminders/message-templates';
import { effectivePlanStatus, judgePlanItem, type MetricFact, type NextYearFacts, type PlanTarget } from '../tracking/plan-tracking';
import { judgeProblem, type NextYearReport, type ProblemFacts } from '../tracking/problem-tracking';
import { textSubjects, type FindingSpec } from './findings';
import type { AutoItemStatus, ItemDecision, PlanItemStatus, ProblemStatus } from './statuses';

export interface PlanItemRow {
  id: string;
  text: string;
  obligationIds: readonly string[];
  target: PlanTarget | null;
  dueDate: string;
  /** An auditor's override, which wins over the judgement. */
  overrideStatus: PlanItemStatus | null;
}

export interface ProblemRow {
  id: string;
  text: string;
  obligationIds: readonly string[];
}

/** What the year the commitments are due in shows, from its analysed annual report and checklist. */
export interface DueYearDocuments {
  /** The year's checklist items: what the analysis shows and what an auditor decided. */
  items: readonly { obligationId: string; decision: ItemDecision | null; autoStatus: AutoItemStatus }[];
  /** Metric rows of the year's current documents. */
  metrics: readonly MetricFact[];
  /** The current report's text. */
  text: string;
  /** The shortcomings the current report lists. */
  problems: readonly ProblemFacts[];
}

export interface CommitmentFacts {
  /** The year the commitments are due in; they were made in year − 1's report. */
  year: number;
  plans: readonly PlanItemRow[];
  problems: readonly ProblemRow[];
  /** Null while the year has no analysed annual report. */
  due: DueYearDocuments | null;
  /** Obligation names of the year's template (plan notes and messages name obligations). */
  obligationNames: ReadonlyMap<string, string>;
  today: string;
}

export interface JudgedPlanItem {
  id: string;
  autoStatus: PlanItemStatus;
  status: PlanItemStatus;
  note: string;
}

export interface JudgedProblem {
  id: string;
  status: ProblemStatus;
  note: string;
}

export interface CommitmentJudgement {
  plans: JudgedPlanItem[];
  problems: JudgedProblem[];
  /** The open findings of COMMITMENT_FINDING_KINDS. */
  findings: FindingSpec[];
}

/**
 * Obligations a year evidences for judging last year's commitments: accepted by an auditor, or shown by the analysis
 * (evidenced or below threshold) and not rejected. A waived item shows nothing done.
 */
export function evidencedObligations(items: DueYearDocuments['items']): Set<string> {
  return new Set(items.filter((i) => i.decision === 'accepted' || (i.decision !== 'rejected' && i.autoStatus !== 'missing')).map((i) => i.obligationId));
}

export function judgeCommitments(f: CommitmentFacts): CommitmentJudgement {
  const { year, today } = f;
  const evidenced = f.due ? evidencedObligations(f.due.items) : null;
  const next: (NextYearFacts & NextYearReport) | null = f.due ? { evidenced: evidenced!, metrics: f.due.metrics, text: f.due.text, problems: f.due.problems } : null;
  const nameOf = (id: string) => f.obligationNames.get(id) ?? id;
  const findings: FindingSpec[] = [];

  const planKeys = textSubjects('plan', year - 1, f.plans.map((p) => p.text));
  const plans = f.plans.map((p, i): JudgedPlanItem => {
    const j = judgePlanItem({ obligationIds: p.obligationIds, target: p.target, dueDate: p.dueDate }, next, today);
    const status = effectivePlanStatus(j.status, p.overrideStatus);
    if (status === 'overdue') {
      findings.push({
        kind: 'overdue_plan',
        subjectKey: planKeys[i],
        message: overduePlanMessage({
          madeInYear: year - 1,
          text: p.text,
          dueDate: p.dueDate,
          obligationsShown: j.obligationsShown.map(nameOf),
          obligationsNotShown: j.obligationsNotShown.map(nameOf),
          hasNextReport: next !== null,
          partiallyDone: j.partiallyFulfilledButOverdue,
        }),
        dueDate: p.dueDate,
        planItemId: p.id,
        details: {
          obligationsNotShown: j.obligationsNotShown,
          progress: j.progress,
          partiallyFulfilledButOverdue: j.partiallyFulfilledButOverdue,
          targetState: j.targetState,
          measuredValue: j.measuredValue,
          overridden: p.overrideStatus !== null,
        },
      });
    }
    return { id: p.id, autoStatus: j.status, status, note: planJudgementNote(j, { planYear: year, nameOf, target: p.target }) };
  });

  const problemKeys = textSubjects('problem', year - 1, f.problems.map((p) => p.text));
  const problems = f.problems.map((p, i): JudgedProblem => {
    const j = judgeProblem({ text: p.text, obligationIds: p.obligationIds }, next);
    // The unrectified case of evidence-rubric §5: the year's report exists and neither resolves nor mentions it.
    if (j.reason === 'not_addressed') {
      findings.push({
        kind: 'unrectified_problem',
        subjectKey: problemKeys[i],
        message: unrectifiedProblemMessage({ madeInYear: year - 1, text: p.text }),
        dueDate: null,
        problemId: p.id,
        details: { obligationIds: p.obligationIds },
      });
    }
    return { id: p.id, status: j.status, note: problemJudgementNote(j, { nextYear: year }) };
  });
  return { plans, problems, findings };
}
