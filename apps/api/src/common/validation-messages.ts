import { getMetadataStorage, type ValidationError } from 'class-validator';
import { BadRequestError } from './domain-error';
import { ERROR_CATALOGUE } from './error-catalogue';

/** The Chinese name of every request field, as a person filling the form would call it. */
export const FIELD_LABELS: Record<string, string> = {
  action: '操作类型',
  answered: '是否已答复',
  checklistItemId: '检查项',
  code: '编码',
  comment: '备注',
  from: '派生来源',
  confirmYear: '确认年度',
  countyId: '所属县（区）',
  currentPassword: '当前密码',
  day: '日',
  decision: '审核结论',
  dingtalkSecret: '钉钉加签密钥',
  dryRun: '仅检查不导入',
  dingtalkWebhookUrl: '钉钉机器人地址',
  displayName: '姓名',
  dueRule: '截止规则',
  email: '电子邮箱',
  entityType: '对象类型',
  expiresInDays: '有效天数',
  file: '文件',
  includeDisabled: '是否包含已停用',
  kind: '类型',
  level: '级别',
  month: '月',
  name: '名称',
  newPassword: '新密码',
  note: '说明',
  page: '页码',
  pageSize: '每页条数',
  password: '密码',
  publishedAt: '公开日期',
  publishedUrl: '公开网址',
  reason: '理由',
  refreshToken: '刷新令牌',
  response: '答复',
  reviewState: '审核状态',
  role: '角色',
  status: '状态',
  submittedAt: '实际报送日期',
  threshold: '阈值',
  townshipId: '乡镇（街道）',
  username: '用户名',
  villageCount: '村（社区）数',
  wecomWebhookUrl: '企业微信机器人地址',
  weight: '权重',
  year: '年度',
  yearOffset: '年度偏移',
};

/** A field's name for people: its Chinese label, else the name itself in quotes (never a bare English word). */
export const fieldLabel = (property: string): string => FIELD_LABELS[property] ?? `字段“${property}”`;

type Sentence = (field: string, args: unknown[]) => string;

/** class-validator constraint names → a Chinese sentence about the field. */
const SENTENCES: Record<string, Sentence> = {
  whitelistValidation: (f) => `${f}不是可接受的字段，请删除`,
  isDefined: (f) => `${f}为必填项`,
  isNotEmpty: (f) => `${f}不能为空`,
  isString: (f) => `${f}须为文本`,
  isInt: (f) => `${f}须为整数（只含数字）`,
  isNumber: (f) => `${f}须为数字`,
  isBoolean: (f) => `${f}须为 true 或 false`,
  isArray: (f) => `${f}须为列表`,
  isObject: (f) => `${f}须为对象`,
  isIn: (f) => `${f}的取值不在允许范围内`,
  isEnum: (f) => `${f}的取值不在允许范围内`,
  min: (f, [n]) => `${f}不能小于 ${n}`,
  max: (f, [n]) => `${f}不能大于 ${n}`,
  isPositive: (f) => `${f}须大于 0`,
  minLength: (f, [n]) => `${f}至少需要 ${n} 个字符`,
  maxLength: (f, [n]) => `${f}不能超过 ${n} 个字符`,
  isLength: (f, [a, b]) => `${f}的长度须在 ${a}–${b} 个字符之间`,
  arrayMinSize: (f, [n]) => `${f}至少需要 ${n} 项`,
  arrayMaxSize: (f, [n]) => `${f}最多 ${n} 项`,
  isUuid: (f) => `${f}须为有效的编号（UUID）`,
  isEmail: (f) => `${f}须为有效的电子邮箱地址`,
  isUrl: (f) => `${f}须为以 http:// 或 https:// 开头的网址`,
  isDateString: (f) => `${f}须为日期，格式如 2024-01-02`,
  isIso8601: (f) => `${f}须为日期，格式如 2024-01-02`,
  matches: (f) => `${f}的格式不正确`,
  nestedValidation: (f) => `${f}的内容不正确`,
};

const TYPE_CONSTRAINTS = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isObject', 'isUuid', 'isDateString', 'isIso8601', 'isEmail', 'isUrl', 'isDefined']);

function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target) return [];
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === name);
  return meta?.constraints ?? [];
}

export interface FieldProblem {
  field: string;
  constraint: string;
  message: string;
  /** For a choice (isIn): the accepted machine values. */
  allowed?: unknown[];
}

/** Every failed constraint, depth first, with a dotted path for nested objects. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const label = prefix ? `${fieldLabel(prefix.split('.').pop()!)}中的${fieldLabel(e.property)}` : fieldLabel(e.property);
    const names = Object.keys(e.constraints ?? {});
    // A value of the wrong type fails its range checks too; only the type is worth saying.
    const typeFailed = names.some((n) => TYPE_CONSTRAINTS.has(n));
    for (const name of typeFailed ? names.filter((n) => TYPE_CONSTRAINTS.has(n) || n === 'whitelistValidation') : names) {
      const sentence = SENTENCES[name] ?? ((f: string) => `${f}的值不符合要求`);
      const args = constraintArgs(e.target, e.property, name);
      const problem: FieldProblem = { field: path, constraint: name, message: sentence(label, args) };
      if (name === 'isIn' && Array.isArray(args[0])) problem.allowed = args[0];
      out.push(problem);
    }
    if (e.children?.length) out.push(...fieldProblems(e.children, path));
  }
  return out;
}

/** The global ValidationPipe's exceptionFactory: 400 VALIDATION_FAILED, a Chinese sentence per field. */
export function validationException(errors: ValidationError[]): BadRequestError {
  const problems = fieldProblems(errors);
  const message = problems.length ? `${ERROR_CATALOGUE.VALIDATION_FAILED.message}：${problems.map((p) => p.message).join('；')}` : ERROR_CATALOGUE.VALIDATION_FAILED.message;
  return new BadRequestError('VALIDATION_FAILED', message, problems);
}
