// One catalogue of how statuses, areas and kinds read and look, used by every page, chart and table. The Chinese
// words for statuses come from libs/domain (shared with the api's exports); colours and tag styles are the web's.
import {
  AUDIT_ENTITY_ZH,
  DECISION_ZH as DECISIONS,
  EVIDENCE_REVIEW_ZH,
  FINDING_KIND_ZH as FINDING_KINDS,
  FINDING_STATUS_ZH,
  ITEM_STATUS_ZH,
  NOT_SUBMITTED_ZH,
  PLAN_STATUS_ZH,
  PROBLEM_STATUS_ZH,
  SECTION_KIND_ZH,
  SUBMISSION_STATUS_ZH,
} from '@app/domain/labels';

export { NOT_SUBMITTED_ZH, SUBMISSION_STATUS_ZH };
export const DECISION_ZH: Record<string, string> = DECISIONS;
export const FINDING_KIND_ZH: Record<string, string> = FINDING_KINDS;

export type ItemStatus = 'missing' | 'auto_evidenced' | 'accepted' | 'rejected' | 'waived' | 'below_threshold';
/** A township-year with no analysed report: shown as 未报送, never as a score of 0. */
export type CellStatus = ItemStatus | 'not_submitted';

export const ITEM_STATUS: Record<CellStatus, { label: string; color: string; tag: string; met: boolean }> = {
  auto_evidenced: { label: ITEM_STATUS_ZH.auto_evidenced, color: '#73d13d', tag: 'green', met: true },
  accepted: { label: ITEM_STATUS_ZH.accepted, color: '#237804', tag: 'success', met: true },
  below_threshold: { label: ITEM_STATUS_ZH.below_threshold, color: '#faad14', tag: 'warning', met: false },
  missing: { label: ITEM_STATUS_ZH.missing, color: '#ff7875', tag: 'error', met: false },
  rejected: { label: ITEM_STATUS_ZH.rejected, color: '#a8071a', tag: 'red', met: false },
  waived: { label: ITEM_STATUS_ZH.waived, color: '#bfbfbf', tag: 'default', met: false },
  not_submitted: { label: NOT_SUBMITTED_ZH, color: '#e8e8e8', tag: 'default', met: false },
};
export const CELL_STATUS_ORDER: CellStatus[] = ['accepted', 'auto_evidenced', 'below_threshold', 'missing', 'rejected', 'waived', 'not_submitted'];

export const AREA_ZH: Record<string, string> = {
  leadership: '党政主要负责人职责与组织领导',
  learning: '学法用法',
  functions: '依法全面履行政府职能',
  decision: '重大行政决策',
  normative_docs: '行政规范性文件',
  legality_review: '合法性审查',
  legal_counsel: '法律顾问',
  enforcement: '行政执法',
  reconsideration_litigation: '行政复议与应诉',
  openness: '政务公开',
  pufa: '普法',
  dispute_resolution: '矛盾纠纷化解',
  legal_services: '公共法律服务',
  supervision: '监督',
  annual_report: '年度报告',
};
export const areaName = (area: string) => AREA_ZH[area] ?? '其他';

/** Short area names for the heat map's axis, where two columns are all the room an area may have. */
export const AREA_SHORT_ZH: Record<string, string> = {
  leadership: '领导职责',
  learning: '学法',
  functions: '职能',
  decision: '重大决策',
  normative_docs: '规范文件',
  legality_review: '合法审查',
  legal_counsel: '顾问',
  enforcement: '行政执法',
  reconsideration_litigation: '复议应诉',
  openness: '公开',
  pufa: '普法',
  dispute_resolution: '化解',
  legal_services: '法律服务',
  supervision: '监督',
  annual_report: '年度报告',
};

export const TIER_ZH: Record<string, string> = { core: '核心', standard: '常规', optional: '选做', bonus: '加分' };

/** A label with an antd tag colour per status, the labels from the shared module. */
const tagged = <K extends string>(labels: Record<K, string>, tags: Record<K, string>): Record<string, { label: string; tag: string }> =>
  Object.fromEntries(Object.entries<string>(labels).map(([k, label]) => [k, { label, tag: tags[k as K] }]));

export const PLAN_STATUS = tagged(PLAN_STATUS_ZH, { open: 'processing', fulfilled: 'success', partially: 'warning', overdue: 'error' });

export const PROBLEM_STATUS = tagged(PROBLEM_STATUS_ZH, { open: 'warning', rectified: 'success', recurring: 'error' });

export const FINDING_STATUS = tagged(FINDING_STATUS_ZH, { open: 'error', resolved: 'success' });

export const SUBMISSION_STATUS = tagged(SUBMISSION_STATUS_ZH, {
  received: 'default',
  queued: 'default',
  analyzing: 'processing',
  analyzed: 'success',
  failed: 'error',
  rejected_not_report: 'warning',
  needs_year_confirmation: 'warning',
});
export const SUBMISSION_KIND_ZH: Record<string, string> = { annual_report: '年度报告', evidence: '佐证材料' };

export const EVIDENCE_REVIEW = tagged(EVIDENCE_REVIEW_ZH, { pending: 'default', accepted: 'success', rejected: 'error' });

export const SECTION_ZH: Record<string, string> = SECTION_KIND_ZH;
export const sectionName = (s: string | null | undefined) => (s ? (SECTION_ZH[s] ?? s) : '—');

export const ROLE_ZH: Record<string, string> = { admin: '系统管理员', auditor: '审核员', township: '乡镇（街道）' };
export const LEVEL_ZH: Record<string, string> = { town: '镇', township: '乡', street: '街道' };

export const REQUIREMENT_ZH: Record<string, string> = { presence: '有佐证即可', metric_min: '数量不低于', rate_min: '比例不低于' };

export { auditActionName, auditActorName, auditEntityName, readableBasis } from '@app/domain/labels';
/** The audit log's 对象 filter: every kind of entity an entry can be about. */
export const ENTITY_ZH: Record<string, string> = AUDIT_ENTITY_ZH;

export const UNIT_ZH = (unit: string | null | undefined) => (unit === 'percent' ? '%' : (unit ?? ''));
