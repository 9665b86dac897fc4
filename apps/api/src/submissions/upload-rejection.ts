import { AnalyzerError, describeAnalyzerError } from '@app/report-analyzer';
import { DomainError } from '../common/domain-error';
import { ERROR_CATALOGUE, catalogued } from '../common/error-catalogue';

const ACCEPTED = 'Word/WPS 文档（.docx、.doc、.wps）、OFD、PDF（扫描件也可）、JPG/PNG/TIFF/WebP 图片、网页（.html）或文本文件（.txt）';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What a refused file most likely is, and what the township should send instead. */
const KNOWN_KINDS: { magic: number[]; at?: number; what: string; send: string }[] = [
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: '旧版 Office/WPS 文件（.doc、.wps、.xls）或加密的文档', send: '请在 Word 或 WPS 中“另存为” .docx 或导出为 PDF（不加密码）后上传' },
  // JPEG, PNG, TIFF and WebP are accepted (read by OCR in the worker); other pictures are not.
  { magic: ascii('GIF8'), what: 'GIF 图片', send: '请另存为 JPG 或 PNG 图片后上传（扫描件、照片均可），或上传文档原文件' },
  { magic: [0x1f, 0x8b], what: 'gzip 压缩包', send: `请解压后上传其中的${ACCEPTED}` },
  { magic: ascii('Rar!'), what: 'RAR 压缩包', send: `请解压后上传其中的${ACCEPTED}` },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: '7z 压缩包', send: `请解压后上传其中的${ACCEPTED}` },
  { magic: ascii('{\\rtf'), what: 'RTF 文档', send: '请在 Word 或 WPS 中另存为 .docx 后上传' },
];

const startsWith = (bytes: Buffer, magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

function describeZip(bytes: Buffer): { what: string; send: string } {
  const head = bytes.subarray(0, Math.min(bytes.length, 1 << 20)).toString('latin1');
  if (/ofd\.xml/i.test(head)) return { what: 'OFD 版式文件', send: '请导出为 PDF 或 .docx 后上传' };
  if (head.includes('xl/')) return { what: 'Excel 表格（.xlsx）', send: `请把报告正文保存为${ACCEPTED}后上传` };
  if (head.includes('ppt/')) return { what: 'PowerPoint 演示文稿（.pptx）', send: `请把报告正文保存为${ACCEPTED}后上传` };
  return { what: '压缩包（不是 Word 文档）', send: `请解压后上传其中的${ACCEPTED}` };
}

/**
 * A Chinese 415/400/413 for an upload the analyzer's format detection refused: what the file was taken to be and
 * what to send instead. The analyzer's own (English) wording stays in logs and never reaches the township.
 */
export function uploadRejection(e: AnalyzerError, bytes: Buffer): DomainError {
  const entry = catalogued(e.code) ?? ERROR_CATALOGUE.UNSUPPORTED_FORMAT;
  if (e.code === 'UNSUPPORTED_FORMAT') {
    // The analyzer named what it took the file for (a .xls renamed .doc, a GIF): its Chinese reason says it best.
    if (e.takenAs) return new DomainError(e.code, 415, describeAnalyzerError(e), { detected: e.takenAs });
    const known = KNOWN_KINDS.find((k) => startsWith(bytes, k.magic));
    const isZip = startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]);
    const kind = known ?? (isZip ? describeZip(bytes) : null);
    if (kind) return new DomainError(e.code, 415, `该文件被识别为${kind.what}，不支持此类型。${kind.send}`, { detected: kind.what });
    return new DomainError(e.code, 415, entry.message);
  }
  if (e.code === 'UNDECODABLE_TEXT') {
    return new DomainError(e.code, 415, `该文件既不是 Word 文档、PDF 或网页，也不是可识别编码（UTF-8、GB18030、Big5）的文本。请上传${ACCEPTED}`);
  }
  return new DomainError(e.code, entry.status, entry.message);
}
