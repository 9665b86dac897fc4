// Every api error code as a person reads it. The api's own Chinese `message` wins when it has one; this catalogue
// covers the rest (and network failures), so no English text ever reaches the screen.

export const ERROR_ZH: Record<string, string> = {
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_DISABLED: '该账号已停用，请联系县司法局',
  TOWNSHIP_DISABLED: '该乡镇（街道）已停用，请联系县司法局',
  RATE_LIMITED: '尝试次数过多，请一分钟后再试',
  UNAUTHENTICATED: '登录已过期，请重新登录',
  INVALID_TOKEN: '登录已过期，请重新登录',
  INVALID_REFRESH_TOKEN: '登录已过期，请重新登录',
  REFRESH_TOKEN_REUSED: '检测到登录凭据被重复使用，为安全起见已退出所有会话，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  ROUTE_NOT_FOUND: '请求的内容不存在',
  METHOD_NOT_ALLOWED: '不支持的操作',
  VALIDATION_FAILED: '填写的内容不符合要求',
  BAD_REQUEST: '请求有误',
  INTERNAL_ERROR: '服务器出错了，请稍后再试',
  NETWORK_ERROR: '无法连接服务器，请检查网络后重试',
  // uploads
  EMPTY_FILE: '文件是空的，请选择有内容的文件',
  FILE_REQUIRED: '请选择要上传的文件',
  FILE_TOO_LARGE: '文件太大',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件类型，请上传 Word/WPS、OFD、PDF（扫描件也可）、图片（jpg、png、tiff、webp）、HTML 或 txt 文件',
  UNSUPPORTED_FORMAT: '不支持的文件类型，请上传 Word/WPS、OFD、PDF（扫描件也可）、图片（jpg、png、tiff、webp）、HTML 或 txt 文件',
  PASSWORD_PROTECTED: '文件设置了密码，请去掉密码后重新上传',
  UNDECODABLE_TEXT: '无法识别文本文件的编码，请另存为 UTF-8 后重试',
  CORRUPT_DOCX: 'Word 文件已损坏，无法打开',
  CORRUPT_PDF: 'PDF 文件已损坏，无法打开',
  SCANNED_PDF: '该 PDF 是扫描图片，没有可读取的文字，请上传文字版',
  NO_CONTENT: '文件中没有可读取的正文',
  TOO_LARGE: '文件内容过长，无法分析',
  EXTRACTION_FAILED: '无法读取文件内容',
  INVALID_CHECKLIST_ITEM: '所选检查项不属于本乡镇本年度清单',
  CHECKLIST_ITEM_REQUIRED: '上传佐证材料时须选择它所支持的检查项',
  ALREADY_WITHDRAWN: '该材料已撤回',
  WITHDRAW_DEADLINE_PASSED: '报送截止日期已过，不能再撤回；如需更正，请联系县司法局审核人员',
  DEFAULT_TEMPLATE_READ_ONLY: '全国默认模板只能由管理员修改；如需调整，请先为本县派生本县模板',
  NO_SOURCE_TEMPLATE: '没有可派生的模板',
  QUEUE_UNAVAILABLE: '任务队列暂不可用，请稍后再试',
  WEAK_PASSWORD: '新密码不符合要求',
  INVALID_CURRENT_PASSWORD: '当前密码不正确',
  SUBMISSION_NOT_ANALYZED: '该报告尚未分析完成',
  NOTE_OR_FILE_REQUIRED: '请填写说明或上传文件',
  REASON_REQUIRED: '请填写理由',
  COMMENT_REQUIRED: '请填写审核意见',
  INVALID_YEAR: '年度不正确',
  NO_TEMPLATE: '该年度还没有检查模板',
  TEMPLATE_LOCKED: '该模板版本已被其他年度使用，不能修改',
  INVALID_THRESHOLD: '阈值不正确',
  THRESHOLD_NOT_APPLICABLE: '该义务没有数量要求，不能设置阈值',
  USERNAME_TAKEN: '用户名已被使用',
  TOWNSHIP_TAKEN: '乡镇编码已被使用',
  COUNTY_CODE_TAKEN: '县编码已被使用',
  INVALID_USER_SCOPE: '账号所属的县或乡镇不正确',
  CANNOT_DISABLE_SELF: '不能停用自己的账号',
  // not found (the api answers 404 for anything outside the caller's scope as well)
  CHECKLIST_NOT_FOUND: '该年度还没有检查清单',
  CHECKLIST_ITEM_NOT_FOUND: '检查项不存在',
  COUNTY_NOT_FOUND: '县不存在',
  EVIDENCE_NOT_FOUND: '佐证不存在',
  FINDING_NOT_FOUND: '问题不存在',
  NOTIFICATION_NOT_FOUND: '通知不存在',
  OBLIGATION_NOT_FOUND: '义务不存在',
  PLAN_ITEM_NOT_FOUND: '计划事项不存在',
  SUBMISSION_NOT_FOUND: '提交记录不存在',
  TEMPLATE_NOT_FOUND: '模板不存在',
  TOWNSHIP_NOT_FOUND: '乡镇（街道）不存在',
  USER_NOT_FOUND: '账号不存在',
};

const HAS_CHINESE = /[\u4e00-\u9fff]/;

export interface ApiErrorBody {
  error?: { code?: string; message?: string; status?: number; details?: unknown };
}

/** A failed api call: the code from the body, the Chinese message to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  static from(status: number, body: unknown): ApiError {
    const e = (body as ApiErrorBody | undefined)?.error;
    const code = e?.code ?? (status === 401 ? 'UNAUTHENTICATED' : status === 404 ? 'ROUTE_NOT_FOUND' : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    return new ApiError(status, code, chineseMessage(code, e?.message, status), e?.details);
  }
}

export function chineseMessage(code: string, message: string | undefined, status?: number): string {
  if (message && HAS_CHINESE.test(message)) return message;
  return ERROR_ZH[code] ?? (status ? `操作失败（错误 ${status}）` : '操作失败');
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The per-field reasons of a refused form: VALIDATION_FAILED carries `details: [{ field, constraint, message }]`,
 * policy refusals such as WEAK_PASSWORD carry `details: { field }` with the reason in `message`. Only Chinese
 * messages are kept (a field with an English one gets the error's own Chinese message).
 */
export function fieldProblems(e: unknown): FieldProblem[] {
  if (!(e instanceof ApiError)) return [];
  const d = e.details;
  if (Array.isArray(d))
    return d.flatMap((x) => {
      const item = x as { field?: unknown; message?: unknown };
      if (typeof item?.field !== 'string') return [];
      return [{ field: item.field, message: typeof item.message === 'string' && HAS_CHINESE.test(item.message) ? item.message : e.message }];
    });
  const field = (d as { field?: unknown } | null | undefined)?.field;
  return typeof field === 'string' ? [{ field, message: e.message }] : [];
}

/** What to show for any thrown value. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return ERROR_ZH.NETWORK_ERROR;
  return '操作失败，请稍后再试';
}
