// Year over year: is a commitment from report N (for year N+1) shown done by report N+1? Pure.
import type { PlanItemStatus } from '../checklist/statuses';

export interface PlanTarget {
  metric?: string;
  op: '>=' | '<=' | '=';
  value: number;
  unit: string;
}

export interface PlanItemFacts {
  obligationIds: readonly string[];
  target: PlanTarget | null;
  dueDate: string;
}

export interface MetricFact {
  obligationId: string;
  key: string;
  value: number;
  unit: string;
}

/** What year N+1 shows: obligations evidenced (not rejected) and the numbers its reports state. */
export interface NextYearFacts {
  evidenced: ReadonlySet<string>;
  metrics: readonly MetricFact[];
}

export type TargetState = 'none' | 'unknown' | 'met' | 'partly' | 'unmet';

/** How much of the item year N+1 shows, whatever the due date. */
export type PlanProgress = 'none' | 'partial' | 'full';

export interface PlanJudgement {
  status: PlanItemStatus;
  /**
   * What year N+1 shows of the item, independent of the due date. A status of 'overdue' with progress 'partial' is an
   * item partly done and past due: both facts hold, and both must be said.
   */
  progress: PlanProgress;
  /** Partly done and past its due date (status 'overdue', progress 'partial'). */
  partiallyFulfilledButOverdue: boolean;
  /** Whether year N+1's report has been analysed at all. */
  judgedAgainstNextYear: boolean;
  obligationsShown: string[];
  obligationsNotShown: string[];
  targetState: TargetState;
  /** The N+1 number the target was compared with, when one was found. */
  measuredValue: number | null;
}

/**
 * The N+1 number a target is measured by: a metric of one of the plan item's obligations with the target's metric
 * key, or (when the target names none) with the target's unit. Several → the largest, as for checklist metrics.
 */
export function measureTarget(item: PlanItemFacts, metrics: readonly MetricFact[]): number | null {
  const target = item.target;
  if (!target) return null;
  const values = metrics
    .filter((m) => item.obligationIds.includes(m.obligationId))
    .filter((m) => (target.metric ? m.key === target.metric : m.unit === target.unit))
    .map((m) => m.value);
  return values.length ? Math.max(...values) : null;
}

function targetStateOf(target: PlanTarget | null, value: number | null): TargetState {
  if (!target) return 'none';
  if (value === null) return 'unknown';
  switch (target.op) {
    case '>=':
      return value >= target.value ? 'met' : value > 0 ? 'partly' : 'unmet';
    case '<=':
      return value <= target.value ? 'met' : 'unmet';
    case '=':
      return value === target.value ? 'met' : 'unmet';
  }
}

/**
 * fulfilled: N+1 evidences every obligation of the item, and meets its target when the target can be measured (a
 * target without an obligation is judged by the number alone). partially: some of that is shown. open: nothing
 * shown yet, or no N+1 report. Any of these past the due date and not fulfilled → overdue; this holds with no N+1
 * report at all, since its absence shows nothing done.
 */
export function judgePlanItem(item: PlanItemFacts, next: NextYearFacts | null, today: string): PlanJudgement {
  const shown = next ? item.obligationIds.filter((id) => next.evidenced.has(id)) : [];
  const notShown = item.obligationIds.filter((id) => !shown.includes(id));
  const measuredValue = next ? measureTarget(item, next.metrics) : null;
  const targetState = next ? targetStateOf(item.target, measuredValue) : item.target ? 'unknown' : 'none';

  let progress: PlanProgress = 'none';
  if (next) {
    const obligationsDone = item.obligationIds.length > 0 ? notShown.length === 0 : targetState === 'met';
    const targetOk = targetState === 'none' || targetState === 'unknown' || targetState === 'met';
    if (obligationsDone && targetOk) progress = 'full';
    else if (shown.length > 0 || targetState === 'met' || targetState === 'partly') progress = 'partial';
  }
  let status: PlanItemStatus = progress === 'full' ? 'fulfilled' : progress === 'partial' ? 'partially' : 'open';
  if (status !== 'fulfilled' && today > item.dueDate) status = 'overdue';
  return {
    status,
    progress,
    partiallyFulfilledButOverdue: status === 'overdue' && progress === 'partial',
    judgedAgainstNextYear: next !== null,
    obligationsShown: shown,
    obligationsNotShown: notShown,
    targetState,
    measuredValue,
  };
}

/**
 * The status in words (zh-CN) with both facts when an item is partly done and past due: '部分完成，已逾期'. Notes and
 * findings lead with it so a partly done item is never reported as simply not done.
 */
export function planStatusZh(j: Pick<PlanJudgement, 'status' | 'progress'>): string {
  switch (j.status) {
    case 'fulfilled':
      return '已完成';
    case 'partially':
      return '部分完成';
    case 'open':
      return '进行中';
    case 'overdue':
      return j.progress === 'partial' ? '部分完成，已逾期' : '逾期未完成';
  }
}

/** The effective status: an auditor's override wins. */
export function effectivePlanStatus(auto: PlanItemStatus, override: PlanItemStatus | null): PlanItemStatus {
  return override ?? auto;
}
