// Every Chinese text the worker writes for people: reminders, findings, judgement notes. One place, so wording stays
// consistent and says exactly what is missing and by when.
import { formatDateZh } from './deadlines';
import type { ReminderStage } from './reminder-rules';
import { planStatusZh, type PlanJudgement } from '../tracking/plan-tracking';
import type { ProblemJudgement } from '../tracking/problem-tracking';

const BRAND = '【法治政府建设】';
const LIST_LIMIT = 10;

/** "a、b、c等N项" — long lists are cut so a text message stays readable. */
export function listZh(items: readonly string[], limit = LIST_LIMIT): string {
  if (items.length <= limit) return items.join('、');
  return `${items.slice(0, limit).join('、')}等${items.length}项`;
}

const quoted = (s: string) => `“${s}”`;
const reportZh = (year: number) => `${year}年度法治政府建设报告`;

function timing(stage: ReminderStage, dueDate: string): string {
  switch (stage.kind) {
    case 'before':
      return `距截止还有${stage.days}天`;
    case 'due_today':
      return `今天（${formatDateZh(dueDate)}）截止`;
    case 'overdue':
    case 'escalation':
      return `已逾期${stage.days}天`;
  }
}

export type DeadlineKind = 'report_submission' | 'report_publication' | 'checklist_items' | 'plan_items';

export interface ReminderText {
  subject: string;
  body: string;
}

export interface ReminderContext {
  kind: DeadlineKind;
  townshipName: string;
  /** The report year the deadline belongs to (for plan items: the year the commitment was made). */
  year: number;
  dueDate: string;
  stage: ReminderStage;
  /** What is still missing: item names, plan-item texts… */
  missing: readonly string[];
}

function what(ctx: ReminderContext): { duty: string; missing: string } {
  const due = formatDateZh(ctx.dueDate);
  switch (ctx.kind) {
    case 'report_submission':
      return {
        duty: `${reportZh(ctx.year)}应于${due}前报送`,
        missing: ctx.missing.length ? listZh(ctx.missing) : `${reportZh(ctx.year)}（尚未上传）`,
      };
    case 'report_publication':
      return {
        duty: `${reportZh(ctx.year)}应于${due}前向社会公开`,
        missing: ctx.missing.length ? listZh(ctx.missing) : '公开日期和公开网址（尚未登记）',
      };
    case 'checklist_items':
      return { duty: `${ctx.year}年度检查清单中${ctx.missing.length}项工作应于${due}前完成`, missing: listZh(ctx.missing) };
    case 'plan_items':
      return { duty: `${ctx.year}年度报告承诺的${ctx.year + 1}年工作计划中${ctx.missing.length}项应于${due}前完成`, missing: listZh(ctx.missing) };
  }
}

const SUBJECTS: Record<DeadlineKind, string> = {
  report_submission: '年度报告报送',
  report_publication: '年度报告公开',
  checklist_items: '检查清单事项',
  plan_items: '工作计划落实',
};

/** The reminder for township staff (before, on and after a deadline). */
export function reminderText(ctx: ReminderContext): ReminderText {
  const w = what(ctx);
  const when = timing(ctx.stage, ctx.dueDate);
  const label = ctx.kind === 'plan_items' ? '尚未体现' : '尚缺';
  return {
    subject: `${BRAND}${ctx.townshipName}${SUBJECTS[ctx.kind]}提醒（${when}）`,
    body: `${BRAND}${ctx.townshipName}：${w.duty}，${when}。${label}：${w.missing}。`,
  };
}

/** The escalation for the county's auditors once a deadline is long past. */
export function escalationText(ctx: ReminderContext): ReminderText {
  const w = what(ctx);
  const when = timing(ctx.stage, ctx.dueDate);
  const label = ctx.kind === 'plan_items' ? '尚未体现' : '尚缺';
  return {
    subject: `${BRAND}逾期督办：${ctx.townshipName}${SUBJECTS[ctx.kind]}${when}`,
    body: `${BRAND}逾期督办：${ctx.townshipName}${w.duty}，${when}，请督促整改。${label}：${w.missing}。`,
  };
}

// ——— findings ———

export function missingEvidenceMessage(a: { year: number; itemName: string; dueDate: string }): string {
  return `${a.year}年度未见${quoted(a.itemName)}的佐证：年度报告未体现，也没有经认可的证据材料（应于${formatDateZh(a.dueDate)}前完成）。请补充证据材料或在报告中说明。`;
}

/**
 * A finding on an item the auditor rejected: says it was rejected and why (the township's evidence exists but was
 * not accepted), not that evidence is missing; and, when the township has since acted, that it awaits review.
 */
export function rejectedItemMessage(a: { year: number; itemName: string; dueDate: string; reason: string | null; reviewRequested: boolean }): string {
  const why = a.reason?.trim() ? `，理由：${a.reason.trim()}` : '';
  const next = a.reviewRequested ? '乡镇已补充说明或材料，等待重新审核。' : `请按审核意见补充或更正材料（应于${formatDateZh(a.dueDate)}前完成）。`;
  return `${a.year}年度${quoted(a.itemName)}的佐证经审核未予认可（已驳回${why}）。${next}`;
}

export type ReviewRequestCauseKind = 'finding_response' | 'evidence_file' | 'township_note' | 'question_answered';

const CAUSE_ZH: Record<ReviewRequestCauseKind, string> = {
  finding_response: '答复了问题',
  evidence_file: '补充了佐证材料',
  township_note: '填写了说明',
  question_answered: '答复了审核意见',
};

/** The in-app note to a county's auditors when a township answers or adds to an item: it is back in 待审. */
export function reviewRequestNotice(a: { townshipName: string; year: number; itemName: string; cause: ReviewRequestCauseKind; detail: string | null }): ReminderText {
  const what = CAUSE_ZH[a.cause];
  const detail = a.detail?.trim() ? `：${quoted(a.detail.trim().slice(0, 200))}。` : '。';
  return {
    subject: `${BRAND}${a.townshipName}${a.year}年度${quoted(a.itemName)}待审`,
    body: `${a.townshipName}就${a.year}年度检查项${quoted(a.itemName)}${what}${detail}该项已回到待审，请审核。`,
  };
}

/** The in-app note to a township's accounts when an auditor comments on one of its items: a question to answer. */
export function itemQuestionNotice(a: { year: number; itemName: string; comment: string }): ReminderText {
  return {
    subject: `${BRAND}${a.year}年度${quoted(a.itemName)}有新的审核意见`,
    body: `县司法局审核人员就${a.year}年度检查项${quoted(a.itemName)}提出意见：${quoted(a.comment.trim().slice(0, 200))}。请在“我的任务”中答复。`,
  };
}

/** The in-app note to a county's auditors when a township answers a finding that is about no single item. */
export function findingAnsweredNotice(a: { townshipName: string; year: number; finding: string; response: string }): ReminderText {
  return {
    subject: `${BRAND}${a.townshipName}答复了${a.year}年度的问题`,
    body: `${a.townshipName}答复了问题“${a.finding.slice(0, 120)}”：${quoted(a.response.trim().slice(0, 200))}。请查看。`,
  };
}

export function belowThresholdMessage(a: { year: number; itemName: string; measured: number; threshold: number; unit: string; dueDate: string }): string {
  return `${a.year}年度${quoted(a.itemName)}为${a.measured}${a.unit}，低于要求的${a.threshold}${a.unit}（应于${formatDateZh(a.dueDate)}前达到）。`;
}

export function overduePlanMessage(a: {
  madeInYear: number;
  text: string;
  dueDate: string;
  obligationsShown?: readonly string[];
  obligationsNotShown: readonly string[];
  hasNextReport: boolean;
  /** Partly done and past due: both facts are said, never just "not shown". */
  partiallyDone?: boolean;
}): string {
  const head = `${a.madeInYear}年度报告承诺的${quoted(a.text)}应于${formatDateZh(a.dueDate)}前完成，现已逾期`;
  if (!a.hasNextReport) return `${head}，且尚未报送${reportZh(a.madeInYear + 1)}，无法证明已完成。`;
  if (a.partiallyDone) {
    const parts = [
      a.obligationsShown?.length ? `已体现：${listZh(a.obligationsShown)}` : '',
      a.obligationsNotShown.length ? `未体现：${listZh(a.obligationsNotShown)}` : '',
    ].filter(Boolean);
    return `${head}，且${reportZh(a.madeInYear + 1)}显示仅部分完成${parts.length ? `（${parts.join('；')}）` : ''}。`;
  }
  const missing = a.obligationsNotShown.length ? `（未体现：${listZh(a.obligationsNotShown)}）` : '';
  return `${head}，${reportZh(a.madeInYear + 1)}未体现完成情况${missing}。`;
}

export function unrectifiedProblemMessage(a: { madeInYear: number; text: string }): string {
  return `${a.madeInYear}年度报告列出的问题${quoted(a.text)}，在${reportZh(a.madeInYear + 1)}中既未说明整改情况，也未再次提及，请于下次报告前说明整改情况。`;
}

export function lateReportMessage(a: { year: number; dueDate: string; today: string; submittedOn: string | null }): string {
  const due = formatDateZh(a.dueDate);
  if (a.submittedOn) return `${reportZh(a.year)}应于${due}前报送，实际于${formatDateZh(a.submittedOn)}报送，属逾期报送。`;
  return `${reportZh(a.year)}应于${due}前报送，截至${formatDateZh(a.today)}仍未报送。`;
}

export function unpublishedReportMessage(a: { year: number; dueDate: string; today: string; submitted: boolean }): string {
  const tail = a.submitted ? '尚未登记公开日期或公开网址' : '报告尚未报送，也未公开';
  return `${reportZh(a.year)}应于${formatDateZh(a.dueDate)}前向社会公开，截至${formatDateZh(a.today)}${tail}。`;
}

// ——— judgement notes ———

export function planJudgementNote(j: PlanJudgement, a: { planYear: number; nameOf: (obligationId: string) => string; target: { op: string; value: number; unit: string } | null }): string {
  if (!j.judgedAgainstNextYear) {
    return j.status === 'overdue' ? `已过完成期限，尚无${reportZh(a.planYear)}可核验。` : `待${reportZh(a.planYear)}核验。`;
  }
  const parts: string[] = [];
  if (j.obligationsShown.length) parts.push(`已体现：${listZh(j.obligationsShown.map(a.nameOf))}`);
  if (j.obligationsNotShown.length) parts.push(`未体现：${listZh(j.obligationsNotShown.map(a.nameOf))}`);
  if (a.target) {
    const t = `${a.target.op === '>=' ? '不少于' : a.target.op === '<=' ? '不超过' : '等于'}${a.target.value}${a.target.unit}`;
    parts.push(j.measuredValue === null ? `目标${t}，报告未给出数字` : `目标${t}，实际${j.measuredValue}${a.target.unit}`);
  }
  return `${planStatusZh(j)}。${reportZh(a.planYear)}：${parts.join('；') || '未涉及'}。`;
}

export function problemJudgementNote(j: ProblemJudgement, a: { nextYear: number }): string {
  switch (j.reason) {
    case 'no_next_report':
      return `待${reportZh(a.nextYear)}核验。`;
    case 'stated_rectified':
      return `${reportZh(a.nextYear)}说明已整改：${quoted(j.matchedText ?? '')}。`;
    case 'named_again':
      return `${reportZh(a.nextYear)}再次列出同类问题：${quoted(j.matchedText ?? '')}。`;
    case 'obligations_evidenced':
      return `${reportZh(a.nextYear)}已体现相关工作，视为已整改。`;
    case 'not_addressed':
      return `${reportZh(a.nextYear)}既未说明整改，也未再次提及。`;
  }
}

/** Why a submission could not be analysed, in words a township clerk can act on. */
export function analysisFailureMessage(code: string, fileName: string): string {
  const file = `《${fileName}》`;
  const byCode: Record<string, string> = {
    EMPTY_FILE: `文件${file}是空文件或没有文字内容，请检查后重新上传。`,
    UNSUPPORTED_FORMAT: `文件${file}的格式无法识别，请上传 Word（.docx）、PDF、网页（.html）或纯文本（.txt）文件。`,
    UNDECODABLE_TEXT: `文件${file}的文字编码无法识别（可能不是文本文件），请另存为 UTF-8 文本或 Word 文件后重新上传。`,
    CORRUPT_DOCX: `文件${file}不是可读取的 Word 文档（可能已损坏），请重新导出后上传。`,
    CORRUPT_PDF: `文件${file}是损坏或不完整的 PDF，请重新导出后上传。`,
    SCANNED_PDF: `文件${file}是扫描件（PDF 中没有文字层），系统无法读取文字，请上传可复制文字的 PDF 或 Word 文件。`,
    TOO_LARGE: `文件${file}内容过大，超出系统处理上限，请删除附件图片或拆分后重新上传。`,
    NO_CONTENT: `文件${file}中没有找到正文内容，请检查后重新上传。`,
    FILE_MISSING: `文件${file}在存储中找不到，请重新上传。`,
    ANALYSIS_FAILED: `文件${file}多次分析失败，请稍后重试或联系管理员。`,
  };
  return byCode[code] ?? `文件${file}无法分析（${code}），请检查后重新上传。`;
}
