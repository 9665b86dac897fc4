import type { ItemStatus, PlanItemStatus, ProblemStatus } from '@app/persistence';

/** How each item status reads in Chinese, with the fill colour the exports use (ARGB for exceljs, hex for HTML). */
export const ITEM_STATUS_LABELS: Record<ItemStatus, { zh: string; argb: string }> = {
  auto_evidenced: { zh: '已佐证', argb: 'FFC6EFCE' },
  accepted: { zh: '已采纳', argb: 'FF8FD19E' },
  missing: { zh: '缺失', argb: 'FFFFC7CE' },
  below_threshold: { zh: '未达标', argb: 'FFFFEB9C' },
  rejected: { zh: '已驳回', argb: 'FFF4A6A6' },
  waived: { zh: '已豁免', argb: 'FFD9D9D9' },
};

export const PLAN_STATUS_ZH: Record<PlanItemStatus, string> = { open: '进行中', fulfilled: '已完成', partially: '部分完成', overdue: '逾期未完成' };
export const PROBLEM_STATUS_ZH: Record<ProblemStatus, string> = { open: '未整改', rectified: '已整改', recurring: '仍存在' };

/** Where in the report a quote stands (the analyzer's section kinds), as a reviewer reads it. */
export const SECTION_KIND_ZH: Record<string, string> = {
  preamble: '导语',
  achievements: '工作成效',
  first_responsible: '第一责任人履职',
  highlights: '工作亮点',
  problems: '存在问题',
  plan: '下一步计划',
  other: '其他',
};
