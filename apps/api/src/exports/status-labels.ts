import { ITEM_STATUS_ZH } from '@app/domain/labels';
import type { ItemStatus } from '@app/persistence';

export { PLAN_STATUS_ZH, PROBLEM_STATUS_ZH, SECTION_KIND_ZH } from '@app/domain/labels';

/** The fill colour each item status has in the exports (ARGB for exceljs); the words are the shared labels'. */
const ITEM_STATUS_ARGB: Record<ItemStatus, string> = {
  auto_evidenced: 'FFC6EFCE',
  accepted: 'FF8FD19E',
  missing: 'FFFFC7CE',
  below_threshold: 'FFFFEB9C',
  rejected: 'FFF4A6A6',
  waived: 'FFD9D9D9',
};

export const ITEM_STATUS_LABELS: Record<ItemStatus, { zh: string; argb: string }> = Object.fromEntries(
  (Object.keys(ITEM_STATUS_ARGB) as ItemStatus[]).map((s) => [s, { zh: ITEM_STATUS_ZH[s], argb: ITEM_STATUS_ARGB[s] }]),
) as Record<ItemStatus, { zh: string; argb: string }>;
