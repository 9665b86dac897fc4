// How one checklist item's automatic status follows from what the township's documents show. Pure.
import type { AutoItemStatus, ItemDecision, ItemStatus, RequirementKind } from './statuses';

export interface ItemRequirement {
  kind: RequirementKind;
  metricKey: string | null;
  threshold: number | null;
}

export interface ItemFacts {
  /** Any evidence that is not rejected (report quotes, evidence files, manual evidence, or the metadata fact). */
  evidenced: boolean;
  /** The measured number for the requirement's metric, when a document states one. */
  measuredValue: number | null;
}

export interface AutoJudgement {
  autoStatus: AutoItemStatus;
  measuredValue: number | null;
}

/**
 * presence: evidenced → auto_evidenced, else missing.
 * metric_min / rate_min: not evidenced → missing; evidenced with a number below the threshold → below_threshold;
 * evidenced with a number at or above it → auto_evidenced; evidenced but no number stated → auto_evidenced with
 * measuredValue null. Reports often say "定期开展会前学法" without a count: the obligation is shown to be done, and
 * an auditor who wants the number can reject or ask for it; marking such items below threshold would punish
 * wording, not work.
 */
export function judgeItem(requirement: ItemRequirement, facts: ItemFacts): AutoJudgement {
  const measuredValue = requirement.kind === 'presence' ? null : facts.measuredValue;
  if (!facts.evidenced) return { autoStatus: 'missing', measuredValue };
  if (requirement.kind === 'presence' || measuredValue === null || requirement.threshold === null) {
    return { autoStatus: 'auto_evidenced', measuredValue };
  }
  return { autoStatus: measuredValue >= requirement.threshold ? 'auto_evidenced' : 'below_threshold', measuredValue };
}

/** The effective status: an auditor's decision wins over the analysis. */
export function effectiveItemStatus(autoStatus: AutoItemStatus, decision: ItemDecision | null): ItemStatus {
  return decision ?? autoStatus;
}

/** Met for scoring, reminders and findings: shown by the analysis, accepted, or waived by an auditor. */
export const MET_ITEM_STATUSES = ['auto_evidenced', 'accepted', 'waived'] as const satisfies readonly ItemStatus[];

export function isItemMet(status: ItemStatus): boolean {
  return (MET_ITEM_STATUSES as readonly ItemStatus[]).includes(status);
}

/**
 * 一村（社区）一法律顾问 coverage in percent: villages covered ÷ the township's village count when both are known
 * (capped at 100, since reports sometimes count communities the register does not), else the rate the report states.
 */
export function villageCounselCoverage(input: {
  villagesCovered: number | null;
  villageCount: number | null;
  statedRate: number | null;
}): number | null {
  const { villagesCovered, villageCount, statedRate } = input;
  if (villagesCovered !== null && villageCount !== null && villageCount > 0) {
    return Math.min(100, Math.round((villagesCovered / villageCount) * 1000) / 10);
  }
  return statedRate;
}
