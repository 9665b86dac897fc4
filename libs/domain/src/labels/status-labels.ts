// How every status reads in Chinese: the one home of these words, used by the api's exports and by the web app
// (which imports this folder through its `@app/domain/labels` alias). Plain data with no imports, so the web bundle
// takes nothing else from the server.

/** A checklist item's effective status (libs/domain/src/checklist/item-status.ts). */
export const ITEM_STATUS_ZH = {
  auto_evidenced: '已佐证',
  accepted: '已认可',
  below_threshold: '未达标',
  missing: '缺失',
  rejected: '已驳回',
  waived: '已豁免',
} as const;

/** A township-year without a current annual report: shown as 未报送, never as a score of 0. */
export const NOT_SUBMITTED_ZH = '未报送';

/** An auditor's decision on an item, as the action reads. */
export const DECISION_ZH = { accepted: '认可', rejected: '驳回', waived: '豁免' } as const;

/** A submission's processing status. */
export const SUBMISSION_STATUS_ZH = {
  received: '已接收',
  queued: '排队中',
  analyzing: '分析中',
  analyzed: '已分析',
  failed: '分析失败',
  rejected_not_report: '非年度报告',
  needs_year_confirmation: '待确认年度',
} as const;

export const PLAN_STATUS_ZH = { open: '进行中', fulfilled: '已完成', partially: '部分完成', overdue: '逾期未完成' } as const;

export const PROBLEM_STATUS_ZH = { open: '未整改', rectified: '已整改', recurring: '仍存在' } as const;

export const FINDING_STATUS_ZH = { open: '待整改', resolved: '已解决' } as const;

export const FINDING_KIND_ZH = {
  missing_evidence: '缺少佐证',
  below_threshold: '未达标',
  overdue_plan: '计划逾期',
  unrectified_problem: '问题未整改',
  late_report: '逾期报送',
  unpublished_report: '报告未公开',
} as const;

export const EVIDENCE_REVIEW_ZH = { pending: '待审核', accepted: '已认可', rejected: '已驳回' } as const;

/** Where in the report a quote stands (the analyzer's section kinds), as a reviewer reads it. */
export const SECTION_KIND_ZH = {
  preamble: '导语',
  achievements: '工作成效',
  first_responsible: '第一责任人履职',
  highlights: '工作亮点',
  problems: '存在问题',
  plan: '下一步计划',
  other: '其他',
} as const;
