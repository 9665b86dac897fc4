/**
 * The api's one error catalogue: every machine `code` the api answers with when the failure does not come from a
 * service with its own sentence (framework, middleware, validation, uploads, resources not found), and the Chinese
 * message a person reads for it. The exception filter and the validation pipe take their words from here; the web
 * app shows `message` as is.
 */
export interface CatalogueEntry {
  status: number;
  message: string;
}

export const ERROR_CATALOGUE = {
  // Requests the api cannot read.
  BAD_REQUEST: { status: 400, message: '请求格式不正确' },
  VALIDATION_FAILED: { status: 400, message: '请求参数不合法' },
  INVALID_JSON: { status: 400, message: '请求正文不是有效的 JSON' },
  INVALID_URL: { status: 400, message: '请求地址中含有无法识别的字符' },
  INVALID_TEXT: { status: 400, message: '文本中含有不允许的字符（空字符或不成对的代理字符），请删除后重试' },
  INVALID_CONTENT_ENCODING: { status: 400, message: '请求正文的压缩数据已损坏，无法解压' },
  UNSUPPORTED_CONTENT_ENCODING: { status: 415, message: '不支持该压缩方式，请使用 gzip、deflate 或不压缩' },
  UNSUPPORTED_CHARSET: { status: 415, message: '请求正文须使用 UTF-8 编码' },
  UNSUPPORTED_CONTENT_TYPE: { status: 415, message: '不支持该请求正文类型，请使用 JSON（application/json）或表单上传（multipart/form-data）' },
  BODY_TOO_LARGE: { status: 413, message: '请求正文过大' },
  REQUEST_ABORTED: { status: 400, message: '请求未完整发送，请重试' },
  INVALID_MULTIPART: { status: 400, message: '文件上传请求格式不正确，请使用 multipart/form-data 表单上传' },
  UNEXPECTED_FILE_FIELD: { status: 400, message: '文件须放在名为“file”的字段中，且每次只能上传一个文件' },
  TOO_MANY_PARTS: { status: 400, message: '上传表单中的字段过多' },
  FIELD_TOO_LONG: { status: 400, message: '上传表单中的字段内容过长' },

  // Who is asking.
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_TOKEN: { status: 401, message: '登录已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '当前账号无权执行此操作' },
  RATE_LIMITED: { status: 429, message: '尝试次数过多，请稍后再试' },

  // Routes and resources. Resources outside the caller's scope answer exactly like missing ones.
  ROUTE_NOT_FOUND: { status: 404, message: '请求的接口不存在，请检查地址' },
  METHOD_NOT_ALLOWED: { status: 405, message: '该接口不支持此请求方法' },
  NOT_ACCEPTABLE: { status: 406, message: '无法以所要求的格式返回结果' },
  NOT_FOUND: { status: 404, message: '资源不存在' },
  CHECKLIST_ITEM_NOT_FOUND: { status: 404, message: '检查项不存在' },
  COUNTY_NOT_FOUND: { status: 404, message: '县（区）不存在' },
  EVIDENCE_NOT_FOUND: { status: 404, message: '佐证不存在' },
  FINDING_NOT_FOUND: { status: 404, message: '问题不存在' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: '通知不存在' },
  PLAN_ITEM_NOT_FOUND: { status: 404, message: '计划事项不存在' },
  SUBMISSION_NOT_FOUND: { status: 404, message: '材料不存在' },
  TEMPLATE_NOT_FOUND: { status: 404, message: '模板不存在' },
  TOWNSHIP_NOT_FOUND: { status: 404, message: '乡镇（街道）不存在' },
  USER_NOT_FOUND: { status: 404, message: '用户不存在' },

  // Uploads (the analyzer's codes met at upload time; the sentence is completed by upload-rejection.ts).
  FILE_TOO_LARGE: { status: 413, message: '文件超过大小上限' },
  EMPTY_FILE: { status: 400, message: '文件为空（0 字节），请选择正确的文件重新上传' },
  NO_CONTENT: { status: 400, message: '文件中没有可读取的文字（图片上也没有识别出文字），请上传含报告或佐证文字的文件、扫描件或照片' },
  CORRUPT_DOCX: { status: 400, message: 'Word 文档已损坏，无法读取，请在 Word 或 WPS 中重新保存为 .docx 后上传' },
  CORRUPT_DOC: { status: 400, message: 'Word 97–2003 / WPS 文档已损坏，无法读取，请在 Word 或 WPS 中另存为 .docx 后上传' },
  CORRUPT_OFD: { status: 400, message: 'OFD 文件已损坏，无法读取，请重新导出 OFD 或另存为 PDF 后上传' },
  CORRUPT_IMAGE: { status: 400, message: '图片文件已损坏，无法读取，请重新拍摄或扫描后上传' },
  PASSWORD_PROTECTED: { status: 400, message: '文件设有密码保护，无法读取，请取消密码后重新导出上传' },
  CORRUPT_PDF: { status: 400, message: 'PDF 文件已损坏或已加密，无法读取，请重新导出后上传' },
  UNSUPPORTED_FORMAT: { status: 415, message: '不支持该文件类型，请上传 Word/WPS 文档、OFD、PDF（扫描件也可）、JPG/PNG/TIFF/WebP/HEIC 图片、网页（.html）或文本文件（.txt）' },
  UNDECODABLE_TEXT: { status: 415, message: '无法识别该文件的内容，请上传 Word/WPS 文档、OFD、PDF（扫描件也可）、JPG/PNG/TIFF/WebP/HEIC 图片、网页（.html）或文本文件（.txt）' },
  // Scanned PDFs are accepted and read by OCR in the worker; the code remains for a reader run without OCR.
  SCANNED_PDF: { status: 415, message: '该 PDF 是扫描图片，没有文字层，系统未能进行文字识别，请稍后重试或上传由 Word 导出的 PDF' },
  TOO_LARGE: { status: 413, message: '文件内容过大或过于复杂，无法读取，请拆分或精简后上传' },
  EXTRACTION_FAILED: { status: 400, message: '读取文件时出错，请稍后重试' },

  // Imports of past reports (a ZIP with a manifest); the services complete the sentence with the file or row.
  IMPORT_NOT_A_ZIP: { status: 400, message: '上传的文件不是可读取的 ZIP 压缩包' },
  IMPORT_ZIP_TOO_LARGE: { status: 413, message: '压缩包过大或文件过多，请分批导入' },
  IMPORT_UNSAFE_PATH: { status: 400, message: '压缩包中含有不安全的路径，已拒绝' },
  IMPORT_MANIFEST_MISSING: { status: 400, message: '压缩包中没有清单（.xlsx 或 .csv）' },
  IMPORT_MANIFEST_AMBIGUOUS: { status: 400, message: '压缩包中有多个清单文件，请只保留一个' },
  IMPORT_MANIFEST_UNREADABLE: { status: 400, message: '清单无法读取' },
  IMPORT_MANIFEST_COLUMNS: { status: 400, message: '清单缺少必需的列（乡镇、年度、文件名、报送日期）' },
  IMPORT_MANIFEST_EMPTY: { status: 400, message: '清单中没有数据行' },
  IMPORT_ROWS_INVALID: { status: 422, message: '清单中有错误的行，未导入任何报告' },
  IMPORT_FIELD_MISSING: { status: 400, message: '清单中有必填项未填写' },
  IMPORT_UNKNOWN_TOWNSHIP: { status: 400, message: '本县没有该乡镇（街道）' },
  IMPORT_BAD_YEAR: { status: 400, message: '年度不是四位数的年份' },
  IMPORT_BAD_DATE: { status: 400, message: '日期无效，请写成 2024-03-28 的格式' },
  INVALID_PUBLISHED_AT: { status: 400, message: '公开日期须在报告年度开始至今天之间' },
  IMPORT_BAD_URL: { status: 400, message: '公开网址须以 http:// 或 https:// 开头' },
  IMPORT_FILE_MISSING: { status: 400, message: '压缩包中没有清单所列的文件' },
  IMPORT_FILE_AMBIGUOUS: { status: 400, message: '压缩包中有多个同名文件，请写出所在文件夹' },
  IMPORT_DUPLICATE_ROW: { status: 400, message: '清单中有重复的行' },
  IMPORT_FILING_FAILED: { status: 500, message: '保存文件时出错，未导入该行，请稍后重新导入' },

  // Anything else.
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误，请稍后再试或联系管理员' },
} as const satisfies Record<string, CatalogueEntry>;

export type CatalogueCode = keyof typeof ERROR_CATALOGUE;

export const catalogued = (code: string): CatalogueEntry | undefined => (ERROR_CATALOGUE as Record<string, CatalogueEntry>)[code];

/** The code for an HTTP status raised by Nest or express middleware when nothing more specific is known. */
export const CODE_FOR_STATUS: Record<number, CatalogueCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_CONTENT_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** "52428800" → "50 MB", for messages that state a limit. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(mb < 1 ? 2 : 1)} MB`;
}
