import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { detectFormat } from '@app/report-analyzer';
import { ChecklistItem, FileStore, Submission, type FileFormat, type SubmissionKind } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, ConflictError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { isUniqueViolation } from '../common/unique-violation';
import { ChecklistFactory } from '../checklists/checklist-factory.service';
import { JobProducer } from '../jobs/job-producer.service';
import { assertReadableDocx } from './docx-structure';

export const MEDIA_TYPES: Record<FileFormat, string> = {
  txt: 'text/plain',
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  doc: 'application/msword',
  wps: 'application/wps-office.wps',
  ofd: 'application/ofd',
};

export interface UploadedFileInput {
  buffer: Buffer;
  originalname: string;
}

export interface IntakeRequest {
  townshipId: string;
  year: number;
  kind: SubmissionKind;
  checklistItemId?: string;
  publishedAt?: string;
  publishedUrl?: string;
}

export interface IntakeResult {
  submission: Submission;
  duplicate: boolean;
}

/**
 * Takes an uploaded file in: type decided by content, stored content-addressed, the row written, the analysis job
 * added. The file and the row are one step: while a per-file lock is held the bytes are stored and the row inserted,
 * and a failed insert removes the stored file unless another row already points at it.
 */
@Injectable()
export class SubmissionIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly files: FileStore,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly checklists: ChecklistFactory,
    private readonly jobs: JobProducer,
  ) {}

  async submit(user: Principal, req: IntakeRequest, file: UploadedFileInput | undefined): Promise<IntakeResult> {
    const township = await this.scope.township(user, req.townshipId);
    if (township.disabled) throw new ConflictError('TOWNSHIP_DISABLED', '该乡镇已停用，不能提交材料');
    if (!file) throw new BadRequestError('FILE_REQUIRED', '请选择要上传的文件（字段名 file）');
    if (file.buffer.length === 0) throw new BadRequestError('EMPTY_FILE', '文件为空');
    if (req.checklistItemId && req.kind !== 'evidence') throw new BadRequestError('INVALID_CHECKLIST_ITEM', '只有佐证材料可以关联检查项');
    // Images are refused here (no OCR in the worker yet): detectFormat only returns 'image' when asked to.
    const format = detectFormat(file.buffer, file.originalname) as FileFormat;
    if (format === 'docx') await assertReadableDocx(file.buffer);
    if (req.checklistItemId) await this.assertItemOf(this.dataSource.manager, req.checklistItemId, req.townshipId, req.year);

    const sha256 = FileStore.sha256(file.buffer);
    const existing = await this.dataSource.manager.findOneBy(Submission, { townshipId: req.townshipId, year: req.year, kind: req.kind, sha256 });
    if (existing) return this.duplicate(user, existing, township.countyId);

    let created: Submission;
    try {
      created = await this.storeAndInsert(file.buffer, sha256, async (m, storageKey) => {
        await this.checklists.ensure(m, req.townshipId, req.year);
        const submission = await m.save(
          m.create(Submission, {
            townshipId: req.townshipId,
            year: req.year,
            kind: req.kind,
            checklistItemId: req.checklistItemId ?? null,
            fileName: cleanFileName(file.originalname),
            format,
            mediaType: MEDIA_TYPES[format],
            sizeBytes: file.buffer.length,
            sha256,
            storageKey,
            status: 'received',
            publishedAt: req.publishedAt ?? null,
            publishedUrl: req.publishedUrl ?? null,
            submittedBy: user.id,
          }),
        );
        const { storageKey: _k, ...after } = submission;
        await this.audit.record(m, user, { action: 'submission.create', entityType: 'submission', entityId: submission.id, countyId: township.countyId, townshipId: township.id, after });
        return submission;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The same file arrived twice at once: the other request's row stands.
      const winner = await this.dataSource.manager.findOneByOrFail(Submission, { townshipId: req.townshipId, year: req.year, kind: req.kind, sha256 });
      return { submission: winner, duplicate: true };
    }
    return { submission: await this.enqueue(created, false), duplicate: false };
  }

  /** The same bytes again: nothing new is stored or queued, unless the earlier analysis failed (then it is retried). */
  private async duplicate(user: Principal, existing: Submission, countyId: string): Promise<IntakeResult> {
    if (existing.status !== 'failed') return { submission: existing, duplicate: true };
    await this.dataSource.transaction(async (m) => {
      await m.update(Submission, { id: existing.id }, { status: 'received', errorCode: null, errorMessage: null });
      await this.audit.record(m, user, {
        action: 'submission.requeue',
        entityType: 'submission',
        entityId: existing.id,
        countyId,
        townshipId: existing.townshipId,
        before: { status: existing.status, errorCode: existing.errorCode },
        after: { status: 'received' },
      });
    });
    return { submission: await this.enqueue({ ...existing, status: 'received', errorCode: null, errorMessage: null }, true), duplicate: true };
  }

  /** 'received' → 'queued' only once the job is in Redis, and never over a status the worker has already moved on. */
  private async enqueue(submission: Submission, retry: boolean): Promise<Submission> {
    if (!(await this.jobs.analyzeSubmission(submission.id, retry))) return submission;
    await this.dataSource.manager.update(Submission, { id: submission.id, status: 'received' }, { status: 'queued' });
    return this.dataSource.manager.findOneByOrFail(Submission, { id: submission.id });
  }

  private async storeAndInsert(bytes: Buffer, sha256: string, insert: (m: EntityManager, storageKey: string) => Promise<Submission>): Promise<Submission> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lockKey = `file:${sha256}`;
    try {
      // Serialises put / insert / clean-up per file, so a clean-up never removes bytes another upload just stored.
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      const { key } = await this.files.put(bytes);
      await runner.startTransaction();
      try {
        const submission = await insert(runner.manager, key);
        await runner.commitTransaction();
        return submission;
      } catch (e) {
        await runner.rollbackTransaction();
        const stillUsed = await runner.manager.exists(Submission, { where: { storageKey: key } });
        if (!stillUsed) await this.files.remove(key);
        throw e;
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
      await runner.release();
    }
  }

  private async assertItemOf(m: EntityManager, itemId: string, townshipId: string, year: number): Promise<void> {
    const item = await m.findOne(ChecklistItem, { where: { id: itemId }, relations: { checklist: true } });
    if (!item || item.checklist!.townshipId !== townshipId || item.checklist!.year !== year) {
      throw new BadRequestError('INVALID_CHECKLIST_ITEM', '该检查项不属于此乡镇该年度的清单');
    }
  }
}

/** Keeps the name for downloads; drops any client-side directory and control characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned || 'upload';
}
