import { isItemMet } from './item-status';
import type { ItemStatus } from './statuses';

export interface ScorableItem {
  weight: number;
  status: ItemStatus;
}

export interface ChecklistScore {
  /** Weighted share of items met, 0–100, one decimal. */
  score: number;
  /** Points per item, in input order: its weight when met, else 0 (waived items earn 0 and count nowhere). */
  itemScores: number[];
  earned: number;
  possible: number;
}

/**
 * Weighted share of obligations met. Waived items drop out of numerator and denominator alike: a waiver says the
 * obligation does not apply to this township this year, so it should neither help nor hurt. All items waived → 100.
 */
export function scoreChecklist(items: readonly ScorableItem[]): ChecklistScore {
  let earned = 0;
  let possible = 0;
  const itemScores = items.map((item) => {
    if (item.status === 'waived') return 0;
    possible += item.weight;
    if (!isItemMet(item.status)) return 0;
    earned += item.weight;
    return item.weight;
  });
  const score = possible === 0 ? 100 : Math.round((earned / possible) * 1000) / 10;
  return { score, itemScores, earned, possible };
}
