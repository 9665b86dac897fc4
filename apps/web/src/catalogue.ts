// One catalogue of how statuses, areas and kinds read and look, used by every page, chart and table.

export type ItemStatus = 'missing' | 'auto_evidenced' | 'accepted' | 'rejected' | 'waived' | 'below_threshold';
/** A township-year with no analysed report: shown as 未报送, never as a score of 0. */
export type CellStatus = ItemStatus | 'not_submitted';

export const ITEM_STATUS: Record<CellStatus, { label: string; color: string; tag: string; met: boolean }> = {
  auto_evidenced: { label: '已佐证', color: '#73d13d', tag: 'green', met: true },
  accepted: { label: '已认可', color: '#237804', tag: 'success', met: true },
  below_threshold: { label: '未达标', color: '#faad14', tag: 'warning', met: false },
  missing: { label: '缺失', color: '#ff7875', tag: 'error', met: false },
  rejected: { label: '已驳回', color: '#a8071a', tag: 'red', met: false },
  waived: { label: '已豁免', color: '#bfbfbf', tag: 'default', met: false },
  not_submitted: { label: '未报送', color: '#e8e8e8', tag: 'default', met: false },
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

export const DECISION_ZH: Record<string, string> = { accepted: '认可', rejected: '驳回', waived: '豁免' };

export const PLAN_STATUS: Record<string, { label: string; tag: string }> = {
  open: { label: '进行中', tag: 'processing' },
  fulfilled: { label: '已完成', tag: 'success' },
  partially: { label: '部分完成', tag: 'warning' },
  overdue: { label: '逾期未完成', tag: 'error' },
};

export const PROBLEM_STATUS: Record<string, { label: string; tag: string }> = {
  open: { label: '未整改', tag: 'warning' },
  rectified: { label: '已整改', tag: 'success' },
  recurring: { label: '仍存在', tag: 'error' },
};

export const FINDING_KIND_ZH: Record<string, string> = {
  missing_evidence: '缺少佐证',
  below_threshold: '未达标',
  overdue_plan: '计划逾期',
  unrectified_problem: '问题未整改',
  late_report: '逾期报送',
  unpublished_report: '报告未公开',
};
export const FINDING_STATUS: Record<string, { label: string; tag: string }> = {
  open: { label: '待整改', tag: 'error' },
  resolved: { label: '已解决', tag: 'success' },
};

export const SUBMISSION_STATUS: Record<string, { label: string; tag: string }> = {
  received: { label: '已接收', tag: 'default' },
  queued: { label: '排队中', tag: 'default' },
  analyzing: { label: '分析中', tag: 'processing' },
  analyzed: { label: '已分析', tag: 'success' },
  failed: { label: '失败', tag: 'error' },
  rejected_not_report: { label: '非年度报告', tag: 'warning' },
  needs_year_confirmation: { label: '待确认年度', tag: 'warning' },
};
export const SUBMISSION_KIND_ZH: Record<string, string> = { annual_report: '年度报告', evidence: '佐证材料' };

export const EVIDENCE_REVIEW: Record<string, { label: string; tag: string }> = {
  pending: { label: '待审核', tag: 'default' },
  accepted: { label: '已认可', tag: 'success' },
  rejected: { label: '已驳回', tag: 'error' },
};

export const SECTION_ZH: Record<string, string> = {
  preamble: '导语',
  achievements: '工作成效',
  first_responsible: '第一责任人履职',
  highlights: '工作亮点',
  problems: '存在问题',
  plan: '下一步计划',
  other: '其他',
};
export const sectionName = (s: string | null | undefined) => (s ? (SECTION_ZH[s] ?? s) : '—');

export const ROLE_ZH: Record<string, string> = { admin: '系统管理员', auditor: '审核员', township: '乡镇（街道）' };
export const LEVEL_ZH: Record<string, string> = { town: '镇', township: '乡', street: '街道' };

export const REQUIREMENT_ZH: Record<string, string> = { presence: '有佐证即可', metric_min: '数量不低于', rate_min: '比例不低于' };

export const AUDIT_ACTION_ZH: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.change_password': '修改密码',
  'auth.refresh_reuse_detected': '检测到登录凭据重复使用',
  'county.create': '新建县',
  'county.update': '修改县',
  'evidence.create': '补充佐证',
  'evidence.review': '审核佐证',
  'finding.respond': '答复问题',
  'notification.read': '阅读通知',
  'submission.create': '提交材料',
  'submission.requeue': '重新分析',
  'template.next_year': '生成下一年度模板',
  'template.update_obligation': '修改模板义务',
  'township.create': '新建乡镇（街道）',
  'township.update': '修改乡镇（街道）',
  'township.disable': '停用乡镇（街道）',
  'township.enable': '启用乡镇（街道）',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.create_admin': '创建管理员',
  'user.create_demo': '创建演示账号',
  'user.reset_demo_password': '重置演示密码',
  'checklist_item.accept': '认可检查项',
  'checklist_item.reject': '驳回检查项',
  'checklist_item.waive': '豁免检查项',
  'checklist_item.clear': '撤销审核决定',
  'checklist_item.comment': '审核意见',
  'plan_item.override': '人工判定计划事项',
  'plan_item.clear_override': '撤销计划事项人工判定',
  'user.update_with_password_reset': '重置账号密码',
};
export const auditActionName = (a: string) => AUDIT_ACTION_ZH[a] ?? '其他操作';

export const ENTITY_ZH: Record<string, string> = {
  checklist_item: '检查项',
  evidence: '佐证',
  plan_item: '计划事项',
  finding: '问题',
  submission: '提交',
  township: '乡镇（街道）',
  user: '账号',
  county: '县',
  checklist_template: '模板',
  template_obligation: '模板义务',
  notification: '通知',
  checklist: '检查清单',
};

export const UNIT_ZH = (unit: string | null | undefined) => (unit === 'percent' ? '%' : (unit ?? ''));
