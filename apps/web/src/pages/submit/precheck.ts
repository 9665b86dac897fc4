import { formatBytes } from '../../format';

/** The api's default UPLOAD_MAX_BYTES; the api is the judge (413 with the same wording), this only saves a wasted upload. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** What the api reads (decided there by content): documents, and scans and photos read by OCR. */
export const ACCEPTED = ['.txt', '.html', '.htm', '.docx', '.doc', '.wps', '.ofd', '.pdf', '.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp'];
export const ACCEPTED_ZH = 'Word/WPS（docx、doc、wps）、OFD、PDF（扫描件也可）、图片（jpg、png、tiff、webp）、HTML 或 txt';

/** Checks a person can be told about before anything is sent. */
export function precheck(file: { name: string; size: number }): string | null {
  const ext = file.name.toLowerCase().match(/\.[^.]+$/)?.[0] ?? '';
  if (!ACCEPTED.includes(ext)) return `不支持的文件类型“${ext || '无扩展名'}”：请上传 ${ACCEPTED_ZH} 文件`;
  if (file.size === 0) return '文件是空的，请选择有内容的文件';
  if (file.size > MAX_UPLOAD_BYTES) return `文件太大（${formatBytes(file.size)}），上限为 ${formatBytes(MAX_UPLOAD_BYTES)}`;
  return null;
}

