// Which reminders are due today for one deadline. Pure: the reminder run supplies deadlines and today's date.
import { daysBetween } from './deadlines';

export interface ReminderPolicy {
  /** Days before a deadline to remind, e.g. [30, 7, 1]. */
  daysBefore: readonly number[];
  /** Days overdue after which the county's auditors are told. */
  escalationDaysOverdue: number;
  /** Deadlines further in the past are no longer chased (keeps a first run from mailing about ancient years). */
  lookbackDays?: number;
}

export const DEFAULT_LOOKBACK_DAYS = 366;

export type ReminderStage =
  | { kind: 'before'; days: number }
  | { kind: 'due_today' }
  | { kind: 'overdue'; days: number }
  | { kind: 'escalation'; days: number };

/** The part of a dedupe key that names the stage: 'd30', 'd0', 'overdue', 'escalation'. */
export function stageKey(stage: ReminderStage): string {
  switch (stage.kind) {
    case 'before':
      return `d${stage.days}`;
    case 'due_today':
      return 'd0';
    case 'overdue':
      return 'overdue';
    case 'escalation':
      return 'escalation';
  }
}

/**
 * The stages due for a deadline today. Before the deadline: the nearest configured offset the date has reached
 * (so a run missed on the exact day still sends it the next day; the notification dedupe key keeps each stage to
 * one message). On the day: due_today. After: overdue (once), plus escalation once the deadline is
 * escalationDaysOverdue days past.
 */
export function dueReminderStages(deadline: string, today: string, policy: ReminderPolicy): ReminderStage[] {
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft > 0) {
    const reached = policy.daysBefore.filter((d) => d > 0 && daysLeft <= d);
    return reached.length ? [{ kind: 'before', days: Math.min(...reached) }] : [];
  }
  if (daysLeft === 0) return [{ kind: 'due_today' }];
  const overdue = -daysLeft;
  if (overdue > (policy.lookbackDays ?? DEFAULT_LOOKBACK_DAYS)) return [];
  const stages: ReminderStage[] = [{ kind: 'overdue', days: overdue }];
  if (overdue >= policy.escalationDaysOverdue) stages.push({ kind: 'escalation', days: overdue });
  return stages;
}
