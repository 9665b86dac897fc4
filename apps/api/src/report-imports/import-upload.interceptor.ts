import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Inject, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { diskStorage } from 'multer';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError } from '../common/domain-error';
import { megabytes } from '../common/error-catalogue';
import { uploadOptions } from '../submissions/upload-options';

/** Spooled files older than this were left by a process that died mid-import (no live import takes a day). */
const STALE_MS = 24 * 60 * 60 * 1000;

/**
 * The upload of an import's ZIP: multer (the uploads' own options, with the import's size cap) writes it to a
 * temporary file under UPLOAD_TMP_DIR instead of memory, so the import reads it with random access one file at a time.
 * The temporary file is deleted once the request is done, whatever became of it; multer deletes a part-written one
 * itself when the upload is cut off at the cap, which answers a 413 naming the cap.
 */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor, OnModuleInit {
  private readonly multer: NestInterceptor;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const base = uploadOptions(config);
    const Multer = FileInterceptor('file', {
      storage: diskStorage({ destination: config.imports.tmpDir }),
      limits: { ...(base.limits as object), fileSize: config.imports.maxBytes },
    });
    this.multer = new Multer(base);
  }

  /** Removes what a crashed import left behind. */
  async onModuleInit(): Promise<void> {
    const dir = this.config.imports.tmpDir;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      const s = await stat(file).catch(() => null);
      if (s?.isFile() && Date.now() - s.mtimeMs > STALE_MS) await rm(file, { force: true });
    }
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    let handled: Observable<unknown>;
    try {
      handled = await this.multer.intercept(context, next);
    } catch (e) {
      if (e instanceof PayloadTooLargeException) {
        throw new DomainError('IMPORT_ZIP_TOO_LARGE', 413, `压缩包超过导入上限（最大 ${megabytes(this.config.imports.maxBytes)}），请分成几个压缩包分批导入`);
      }
      throw e;
    }
    const spooled = context.switchToHttp().getRequest<Request>().file?.path;
    if (!spooled) return handled;
    // Deleted before the answer goes out: once a client has its answer, the file is gone.
    return from(
      (async () => {
        try {
          return await lastValueFrom(handled, { defaultValue: undefined });
        } finally {
          await rm(spooled, { force: true });
        }
      })(),
    );
  }
}
