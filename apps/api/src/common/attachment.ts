import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';
import type { FileFormat } from '@app/persistence';

/**
 * Characters a file name handed back must not carry: C0/C1 controls, bidirectional overrides and isolates (a name
 * such as "报告\u202Efdp.exe" would display as "报告exe.pdf"), zero-width and other invisible format characters,
 * and path or shell-special characters (/ \ : * ? " < > |).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\/\\:*?"<>|]/gu;
const MAX_NAME_LENGTH = 150;

/** A name safe to offer for saving: unsafe characters dropped, no leading dots, at most 150 characters, never empty. */
export function safeFileName(name: string, fallback = '下载文件'): string {
  let cleaned = name.normalize('NFC').replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '');
  if ([...cleaned].length > MAX_NAME_LENGTH) {
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(cleaned)?.[0] ?? '';
    cleaned = [...cleaned.slice(0, cleaned.length - ext.length)].slice(0, MAX_NAME_LENGTH - ext.length).join('') + ext;
  }
  return cleaned || fallback;
}

/** The plain `filename` for clients without RFC 5987 support: the ASCII part of the name, else "download.<ext>". */
function asciiFallback(name: string): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const stem = name.slice(0, name.length - ext.length).replace(/[^\x20-\x7e]/g, '').replace(/[%"]/g, '').trim();
  return `${stem.length >= 3 ? stem : 'download'}${ext}`;
}

/** What an uploaded file is served as: the type detected from its bytes at upload, never the uploader's claim. */
export const DOWNLOAD_TYPES: Record<FileFormat, string> = {
  txt: 'text/plain',
  // An HTML upload is never served as HTML (it would run in the api's origin if a browser rendered it).
  html: 'application/octet-stream',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  doc: 'application/msword',
  // WPS 文字 files are Word 97 binaries; served as octet-stream so no viewer guesses otherwise.
  wps: 'application/octet-stream',
  ofd: 'application/ofd',
  // The image's own type (JPEG, PNG, TIFF, WebP, HEIC) is stored at upload; see downloadType().
  image: 'application/octet-stream',
};

/** Image types detected from the bytes at upload: served as such, so the auditor can view the scan or photo. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/tiff', 'image/webp', 'image/heic']);

/** The Content-Type a stored file is served with. */
export function downloadType(format: FileFormat, mediaType: string): string {
  if (format === 'image' && IMAGE_TYPES.has(mediaType)) return mediaType;
  return DOWNLOAD_TYPES[format] ?? 'application/octet-stream';
}

/**
 * Headers for a file handed back: always a download (`attachment`), its name as RFC 6266 / RFC 5987 `filename*`
 * (with an ASCII `filename` fallback for old clients), no content sniffing, and a sandbox in case a browser renders
 * it anyway.
 */
export function setAttachmentHeaders(res: Response, fileName: string, contentType: string): void {
  res.setHeader('Content-Type', contentType);
  const name = safeFileName(fileName);
  res.setHeader('Content-Disposition', contentDisposition(name, { type: 'attachment', fallback: asciiFallback(name) }));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
}
