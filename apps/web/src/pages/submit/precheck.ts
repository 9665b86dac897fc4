import { formatBytes } from '../../format';

/** The api's default UPLOAD_MAX_BYTES; the api is the judge (413 with the same wording), this only saves a wasted upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The file types offered in the file chooser: documents, and scans and photos read by OCR. The api recognises a file
 * by its content, not its name (a Word 97 file named .wps is read as Word), and answers a file it cannot read with
 * the Chinese reason and what to send instead.
 */
export const ACCEPTED = ['.docx', '.doc', '.wps', '.pdf', '.ofd', '.txt', '.html', '.htm', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp', '.heic', '.heif'];
export const ACCEPTED_ZH = 'Word/WPS（docx、doc、wps）、OFD、PDF（扫描件也可）、图片（jpg、png、tiff、webp、heic）、HTML 或 txt';
export const ACCEPTED_TEXT = `支持 ${ACCEPTED_ZH}，按文件内容识别，扫描件和照片由系统识别文字`;

/** Checks a person can be told about before anything is sent. */
export function precheck(file: { name: string; size: number }): string | null {
  const ext = file.name.toLowerCase().match(/\.[^.]+$/)?.[0] ?? '';
  if (!ACCEPTED.includes(ext)) return `不支持的文件类型“${ext || '无扩展名'}”：请上传 ${ACCEPTED_ZH} 文件`;
  if (file.size === 0) return '文件是空的，请选择有内容的文件';
  if (file.size > MAX_UPLOAD_BYTES) return `文件太大（${formatBytes(file.size)}），上限为 ${formatBytes(MAX_UPLOAD_BYTES)}`;
  return null;
}

/** A township's evidence file for one checklist item: the api requires the item (400 CHECKLIST_ITEM_REQUIRED without it). */
export function evidenceForm(year: number, checklistItemId: string, file: Blob & { name?: string }): FormData {
  if (!checklistItemId) throw new Error('checklistItemId is required for evidence uploads');
  const form = new FormData();
  form.set('year', String(year));
  form.set('kind', 'evidence');
  form.set('checklistItemId', checklistItemId);
  form.set('file', file);
  return form;
}
