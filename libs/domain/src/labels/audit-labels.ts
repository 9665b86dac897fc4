// Every action the api, the worker and the scripts write to the audit log, with how it reads on the 审计日志 page.
// The writers take their action from AuditAction (AuditService.record, the AuditLog entity), so a new action does
// not compile until it has its Chinese name here.

export const AUDIT_ACTION_ZH = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.change_password': '修改密码',
  'auth.refresh_reuse_detected': '检测到登录凭据重复使用',
  'county.create': '新建县',
  'county.update': '修改县',
  'county.channels.update': '修改群机器人通知设置',
  'county.report_link.create': '生成汇总报告链接',
  'evidence.create': '补充佐证',
  'evidence.review': '审核佐证',
  'finding.respond': '答复问题',
  'notification.read': '阅读通知',
  'reminders.run': '立即发送提醒',
  'submission.create': '提交材料',
  'submission.requeue': '重新分析',
  'submission.resubmit': '重新提交材料',
  'submission.withdraw': '撤回材料',
  'submission.accept_as_report': '确认为年度报告',
  'submission.confirm_year': '确认报告年度',
  'submission.import': '导入历史报告',
  'submission.seed_demo': '载入演示报告',
  'template.next_year': '生成下一年度模板',
  'template.derive_county': '派生县级模板',
  'template.update_obligation': '修改模板义务',
  'township.create': '新建乡镇（街道）',
  'township.update': '修改乡镇（街道）',
  'township.disable': '停用乡镇（街道）',
  'township.enable': '启用乡镇（街道）',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.update_with_password_reset': '重置账号密码',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.create_admin': '创建管理员',
  'user.create_demo': '创建演示账号',
  'checklist_item.accept': '认可检查项',
  'checklist_item.reject': '驳回检查项',
  'checklist_item.waive': '豁免检查项',
  'checklist_item.clear': '撤销审核决定',
  'checklist_item.comment': '提出审核意见',
  'checklist_item.township_note': '乡镇填写说明',
  'checklist_item.review_requested': '回到待审',
  'plan_item.override': '人工判定计划事项',
  'plan_item.clear_override': '撤销计划事项人工判定',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_ZH;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_ZH) as AuditAction[];

/** Rows written before an action was renamed or retired still show something a person can read. */
export const auditActionName = (a: string): string => (AUDIT_ACTION_ZH as Record<string, string>)[a] ?? '其他操作';

/** Who made an entry that no person made (AuditLog.actorLabel); a person's entry shows their user name. */
export const AUDIT_ACTOR_ZH = { system: '系统', worker: '后台任务', 'create-admin': '管理员创建命令' } as const;

export const auditActorName = (label: string): string => (AUDIT_ACTOR_ZH as Record<string, string>)[label] ?? label;

/** What an audit entry is about. */
export const AUDIT_ENTITY_ZH = {
  checklist_item: '检查项',
  checklist_template: '模板',
  county: '县',
  evidence: '佐证',
  finding: '问题',
  notification: '通知',
  plan_item: '计划事项',
  reminder_run: '提醒任务',
  submission: '提交',
  template_obligation: '模板义务',
  township: '乡镇（街道）',
  user: '账号',
} as const;

export type AuditEntityType = keyof typeof AUDIT_ENTITY_ZH;

export const auditEntityName = (e: string): string => (AUDIT_ENTITY_ZH as Record<string, string>)[e] ?? '其他';
