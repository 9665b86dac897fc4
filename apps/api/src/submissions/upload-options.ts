import type { MulterModuleOptions } from '@nestjs/platform-express';
import type { AppConfig } from '@app/config';

/**
 * Multer limits: the size cap aborts the upload as soon as the stream passes it (the rest of the request is drained,
 * never buffered), one file per request, small text fields, and UTF-8 file names (Chinese names survive).
 */
export function uploadOptions(config: AppConfig): MulterModuleOptions {
  return {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
    defParamCharset: 'utf8',
  } as MulterModuleOptions;
}
