import { formatBytes } from '../../format';

/** The api's default UPLOAD_MAX_BYTES; the api is the judge (413 with the same wording), this only saves a wasted upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The file types offered in the file chooser. The api recognises a file by its content, not its name (a Word 97 file
 * named .wps is read as Word), and answers a file it cannot read with the Chinese reason and what to send instead.
 */
export const ACCEPTED = ['.docx', '.doc', '.wps', '.pdf', '.ofd', '.txt', '.html', '.htm'];
export const ACCEPTED_TEXT = '支持 Word（.docx、.doc）、WPS 文字（.wps）、PDF、OFD 版式文件、网页（.html）和文本文件（.txt），按文件内容识别';

/** Checks a person can be told about before anything is sent. */
export function precheck(file: { name: string; size: number }): string | null {
  const ext = file.name.toLowerCase().match(/\.[^.]+$/)?.[0] ?? '';
  if (!ACCEPTED.includes(ext)) return `不支持的文件类型“${ext || '无扩展名'}”：请上传 Word（.docx、.doc）、WPS、PDF、OFD、网页或文本文件`;
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
