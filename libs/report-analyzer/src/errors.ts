// Typed analyzer errors. Every failure that escapes the analyzer is an AnalyzerError with a code, so the worker can
// decide "give up" (permanent: the file itself is bad) versus "retry", and the api can map codes to HTTP statuses.
// `message` is for developers and logs (English); describeAnalyzerError() is what a township clerk reads (Chinese):
// what the file was taken to be, what is wrong, and what to send instead.

export type AnalyzerErrorCode =
  | 'EMPTY_FILE' // zero bytes, or nothing but whitespace after extraction
  | 'UNSUPPORTED_FORMAT' // not a format the analyzer reads, by content
  | 'UNDECODABLE_TEXT' // bytes that are no known text encoding (binary junk)
  | 'CORRUPT_DOCX' // a zip that is not a readable Word document
  | 'CORRUPT_DOC' // an OLE2 compound file (Word 97 .doc / WPS .wps) that cannot be read
  | 'CORRUPT_OFD' // a zip that is not a readable OFD document
  | 'CORRUPT_PDF' // truncated or broken PDF
  | 'CORRUPT_IMAGE' // an image (scan or photo) that cannot be decoded
  | 'PASSWORD_PROTECTED' // an encrypted PDF, Word or Office file
  | 'SCANNED_PDF' // a PDF without a text layer (needs OCR)
  | 'TOO_LARGE' // input or decompressed content over the configured cap (zip bomb, huge text, parser memory/time)
  | 'NO_CONTENT' // a document that decodes but holds no article text (e.g. HTML without a body)
  | 'EXTRACTION_FAILED'; // the extractor itself failed (e.g. the PDF worker could not start): not the file's fault

export class AnalyzerError extends Error {
  constructor(
    readonly code: AnalyzerErrorCode,
    message: string,
    /** Permanent errors will fail the same way on every retry. Only EXTRACTION_FAILED is raised as transient. */
    readonly permanent = true,
    /** What the file was taken to be, in Chinese ("旧版 Excel 表格（.xls）"); the code's default when absent. */
    readonly takenAs?: string,
  ) {
    super(message);
    this.name = 'AnalyzerError';
  }
}

export const isAnalyzerError = (e: unknown): e is AnalyzerError => e instanceof AnalyzerError;

/** The formats a township can send to the worker (which reads scans and photos by OCR), as the clerk reads them. */
export const ACCEPTED_FORMATS_ZH =
  'Word（.docx/.doc）、WPS 文字（.wps）、OFD 版式文档、PDF（扫描件也可）、JPG/PNG/TIFF/WebP/HEIC 图片（扫描件或照片）、网页（.html）或纯文本（.txt）';

interface Description {
  /** What the file was taken to be when the error does not say. */
  takenAs: string;
  /** What is wrong. */
  problem: string;
  /** What to send instead. */
  remedy: string;
}

const DESCRIPTIONS: Record<AnalyzerErrorCode, Description> = {
  EMPTY_FILE: { takenAs: '空文件', problem: '没有任何文字内容', remedy: '请检查文件后重新上传' },
  UNSUPPORTED_FORMAT: {
    takenAs: '无法识别格式的文件',
    problem: '系统不能从这种文件中读取文字',
    remedy: `请另存为${ACCEPTED_FORMATS_ZH}后上传`,
  },
  UNDECODABLE_TEXT: {
    takenAs: '文本文件',
    problem: '文字编码无法识别（可能不是文本文件）',
    remedy: '请另存为 UTF-8 编码的文本文件或 Word 文件后上传',
  },
  CORRUPT_DOCX: {
    takenAs: 'Word 文档（.docx）',
    problem: '文件已损坏或不完整，无法读取',
    remedy: '请用 Word 或 WPS 打开后重新保存为 .docx 或导出为 PDF 再上传',
  },
  CORRUPT_DOC: {
    takenAs: '旧版 Word/WPS 文档（.doc/.wps）',
    problem: '文件已损坏或不完整，无法读取',
    remedy: '请用 Word 或 WPS 打开后另存为 .docx 或导出为 PDF 再上传',
  },
  CORRUPT_OFD: {
    takenAs: 'OFD 版式文档',
    problem: '文件已损坏或不符合 OFD 标准（GB/T 33190），无法读取文字',
    remedy: '请重新导出 OFD，或导出为 PDF 后上传',
  },
  CORRUPT_PDF: {
    takenAs: 'PDF 文件',
    problem: '文件已损坏或不完整',
    remedy: '请重新导出 PDF 后上传完整文件',
  },
  CORRUPT_IMAGE: {
    takenAs: '图片（扫描件或照片）',
    problem: '图片已损坏或格式无法解码',
    remedy: '请重新扫描或拍照，保存为 JPG 或 PNG 后上传',
  },
  PASSWORD_PROTECTED: {
    takenAs: '加密文件',
    problem: '设置了打开密码，系统无法读取',
    remedy: '请取消密码保护后重新保存，再上传',
  },
  SCANNED_PDF: {
    takenAs: '扫描件 PDF（页面是图片，没有文字层）',
    problem: '系统无法从图片中读取文字',
    remedy: '请上传可复制文字的 PDF，或 Word/WPS 原文件',
  },
  TOO_LARGE: {
    takenAs: '文件',
    problem: '内容过大，超出系统处理上限',
    remedy: '请删除其中的图片或附件、拆分成几个文件后分别上传',
  },
  NO_CONTENT: {
    takenAs: '文件',
    problem: '没有找到正文文字（可能只有图片，或图片上没有可识别的文字）',
    remedy: '请上传包含报告正文文字的文件',
  },
  EXTRACTION_FAILED: {
    takenAs: '文件',
    problem: '读取时系统出错（不是文件本身的问题）',
    remedy: '系统会自动重试；如仍失败请联系管理员',
  },
};

/**
 * The clerk's reason for a failed file, in Chinese: what the file was taken to be, what is wrong and what to send
 * instead. Used for the worker's failure reason and the api's 4xx answers.
 */
export function describeAnalyzerError(error: AnalyzerError | AnalyzerErrorCode, fileName?: string): string {
  const code = typeof error === 'string' ? error : error.code;
  const d = DESCRIPTIONS[code] ?? DESCRIPTIONS.UNSUPPORTED_FORMAT;
  const takenAs = (typeof error === 'string' ? undefined : error.takenAs) ?? d.takenAs;
  const file = fileName ? `文件《${fileName}》` : '该文件';
  return `${file}被识别为${takenAs}，${d.problem}。${d.remedy}。`;
}
