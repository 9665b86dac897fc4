import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn, yearOf } from '@app/domain';
import { AnalyzerError, detectFormat } from '@app/report-analyzer';
import { ChecklistItem, FileStore, Submission, hasTemplateOfYear, type FileFormat, type SubmissionKind } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, ConflictError, ForbiddenError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { isUniqueViolation } from '../common/unique-violation';
import { ChecklistFactory } from '../checklists/checklist-factory.service';
import { JobProducer } from '../jobs/job-producer.service';
import { ReviewRequests, type ReviewRequestResult } from '../review/review-requests.service';
import { assertReadableDocx } from './docx-structure';
import { uploadRejection } from './upload-rejection';
import { safeFileName } from '../common/attachment';

export const MEDIA_TYPES: Record<FileFormat, string> = {
  txt: 'text/plain',
  html: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  doc: 'application/msword',
  wps: 'application/wps-office.wps',
  ofd: 'application/ofd',
  image: 'application/octet-stream',
};

/** An image's type by its magic bytes (detectFormat already said it is one OCR reads). */
export function mediaTypeOf(format: FileFormat, bytes: Buffer): string {
  if (format !== 'image') return MEDIA_TYPES[format];
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') return 'image/webp';
  if (['II*\u0000', 'MM\u0000*'].includes(bytes.subarray(0, 4).toString('latin1'))) return 'image/tiff';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') return 'image/heic';
  return MEDIA_TYPES.image;
}

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
  /** A historical report's real submission date (YYYY-MM-DD): county staff loading past years only. */
  submittedAt?: string;
  /** The uploader confirms the year even if the text states another (no needs_year_confirmation hold). */
  confirmYear?: boolean;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly files: FileStore,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly checklists: ChecklistFactory,
    private readonly jobs: JobProducer,
    private readonly reviewRequests: ReviewRequests,
  ) {}

  /**
   * `within` runs in the transaction that inserts a new row (not for a duplicate), before its analysis job is added:
   * what the caller records about the file commits with it, so the worker never analyses the file without it.
   */
  async submit(user: Principal, req: IntakeRequest, file: UploadedFileInput | undefined, within?: (m: EntityManager, submission: Submission) => Promise<void>): Promise<IntakeResult> {
    const township = await this.scope.township(user, req.townshipId);
    if (township.disabled) throw new ConflictError('TOWNSHIP_DISABLED', '该乡镇已停用，不能提交材料');
    if (!file) throw new BadRequestError('FILE_REQUIRED', '请选择要上传的文件（字段名“file”）');
    if (file.buffer.length === 0) throw new BadRequestError('EMPTY_FILE', '文件为空');
    if (req.checklistItemId && req.kind !== 'evidence') throw new BadRequestError('INVALID_CHECKLIST_ITEM', '只有佐证材料可以关联检查项');
    // An evidence file supports one checklist item; without one it would count for nothing, so it is refused.
    if (req.kind === 'evidence' && !req.checklistItemId) {
      throw new BadRequestError('CHECKLIST_ITEM_REQUIRED', '上传佐证材料时须选择它所支持的检查项；年度报告请按“年度报告”类型提交');
    }
    const submittedAt = req.submittedAt ? this.backfillDate(user, req.submittedAt, req.year) : undefined;
    await this.assertOpenYear(req.year, township.countyId);
    const format = formatOf(file.buffer, file.originalname);
    if (format === 'docx') await assertReadableDocx(file.buffer);
    if (req.checklistItemId) await this.assertItemOf(this.dataSource.manager, req.checklistItemId, req.townshipId, req.year);

    const sha256 = FileStore.sha256(file.buffer);
    const existing = await this.dataSource.manager.findOneBy(Submission, { townshipId: req.townshipId, year: req.year, kind: req.kind, sha256 });
    if (existing) return existing.withdrawnAt ? this.resubmit(user, existing, township.countyId) : this.duplicate(user, existing, township.countyId);

    let created: Submission;
    let request: ReviewRequestResult | null = null;
    try {
      created = await this.storeAndInsert(file.buffer, sha256, async (m, storageKey) => {
        await this.checklists.ensureExists(m, req.townshipId, township.countyId, req.year);
        const submission = await m.save(
          m.create(Submission, {
            townshipId: req.townshipId,
            year: req.year,
            kind: req.kind,
            checklistItemId: req.checklistItemId ?? null,
            fileName: cleanFileName(file.originalname),
            format,
            mediaType: mediaTypeOf(format, file.buffer),
            sizeBytes: file.buffer.length,
            sha256,
            storageKey,
            status: 'received',
            publishedAt: req.publishedAt ?? null,
            publishedUrl: req.publishedUrl ?? null,
            submittedBy: user.id,
            ...(submittedAt ? { submittedAt } : {}),
            ...(req.confirmYear && req.kind === 'annual_report' ? { yearConfirmedAt: new Date(), yearConfirmedBy: user.id } : {}),
          }),
        );
        const { storageKey: _k, ...after } = submission;
        await this.audit.record(m, user, { action: 'submission.create', entityType: 'submission', entityId: submission.id, countyId: township.countyId, townshipId: township.id, after });
        // A township's new file on an item the auditor rejected puts the item back in 待审.
        if (user.role === 'township' && req.checklistItemId && (await m.findOneBy(ChecklistItem, { id: req.checklistItemId }))?.decision === 'rejected') {
          request = await this.reviewRequests.request(m, user, req.checklistItemId, 'evidence_file', submission.fileName);
        }
        await within?.(m, submission);
        return submission;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The same file arrived twice at once: the other request's row stands.
      const winner = await this.dataSource.manager.findOneByOrFail(Submission, { townshipId: req.townshipId, year: req.year, kind: req.kind, sha256 });
      return { submission: winner, duplicate: true };
    }
    this.reviewRequests.deliver(request);
    return { submission: await this.enqueue(created), duplicate: false };
  }

  /** The same bytes again: nothing new is stored or queued, unless the earlier analysis failed (then it is retried). */
  private async duplicate(user: Principal, existing: Submission, countyId: string): Promise<IntakeResult> {
    if (existing.status !== 'failed') return { submission: existing, duplicate: true };
    const requeued = await this.dataSource.transaction(async (m) => {
      // Only from failed, and the new attempt counted in the same statement: a second retry racing this one (or
      // arriving while its job waits) finds the row no longer failed and adds nothing.
      const { affected } = await m.update(
        Submission,
        { id: existing.id, status: 'failed' },
        { status: 'received', errorCode: null, errorMessage: null, analysisAttempt: () => 'analysis_attempt + 1' },
      );
      if (!affected) return false;
      await this.audit.record(m, user, {
        action: 'submission.requeue',
        entityType: 'submission',
        entityId: existing.id,
        countyId,
        townshipId: existing.townshipId,
        before: { status: existing.status, errorCode: existing.errorCode },
        after: { status: 'received' },
      });
      return true;
    });
    const row = await this.dataSource.manager.findOneByOrFail(Submission, { id: existing.id });
    return { submission: requeued ? await this.enqueue(row) : row, duplicate: true };
  }

  /**
   * The same bytes as a submission the township withdrew: the submission counts again (it keeps its place in the
   * history; a later upload of the year still supersedes it). The checklist is recomputed.
   */
  private async resubmit(user: Principal, existing: Submission, countyId: string): Promise<IntakeResult> {
    await this.dataSource.transaction(async (m) => {
      await m.update(Submission, { id: existing.id }, { withdrawnAt: null, withdrawnBy: null });
      await this.audit.record(m, user, {
        action: 'submission.resubmit',
        entityType: 'submission',
        entityId: existing.id,
        countyId,
        townshipId: existing.townshipId,
        before: { withdrawnAt: existing.withdrawnAt },
        after: { withdrawnAt: null },
      });
      await this.jobs.requestRecompute(m, existing.townshipId, existing.year);
    });
    await this.jobs.addRecompute(existing.townshipId, existing.year);
    const submission = await this.dataSource.manager.findOneByOrFail(Submission, { id: existing.id });
    return { submission: submission.status === 'failed' ? (await this.duplicate(user, submission, countyId)).submission : submission, duplicate: true };
  }

  /**
   * The real submission date of a historical report (a county's backfill of past years), noon in the configured
   * time zone. Only county staff may state it — a township stating its own date could hide lateness — and it lies
   * between the start of the report year and today.
   */
  private backfillDate(user: Principal, date: string, year: number): Date {
    if (user.role === 'township') throw new ForbiddenError('SUBMITTED_AT_STAFF_ONLY', '只有县审核人员或管理员补录历史报告时可以填写报送日期');
    const today = todayIn(this.config.timeZone, new Date());
    if (date < `${year}-01-01` || date > today) {
      throw new BadRequestError('INVALID_SUBMITTED_AT', `报送日期须在 ${year}-01-01 至今天（${today}）之间`);
    }
    return zonedNoon(date, this.config.timeZone);
  }

  /**
   * A report year must have begun (today in the configured time zone) and have a template — the county's own or the
   * default — else the upload would be filed under a year nobody audits.
   */
  async assertOpenYear(year: number, countyId: string): Promise<void> {
    const currentYear = yearOf(todayIn(this.config.timeZone, new Date()));
    if (year > currentYear) throw new BadRequestError('YEAR_IN_FUTURE', `不能提交 ${year} 年度的材料：该年度尚未开始（当前为 ${currentYear} 年）`);
    if (!(await hasTemplateOfYear(this.dataSource.manager, countyId, year))) {
      throw new BadRequestError('NO_TEMPLATE_FOR_YEAR', `${year} 年度尚无检查清单模板，不能提交该年度的材料；请确认年度是否填写正确`);
    }
  }

  /** 'received' → 'queued' only once the job is in Redis, and never over a status the worker has already moved on. */
  private async enqueue(submission: Submission): Promise<Submission> {
    if (!(await this.jobs.analyzeSubmission(submission))) return submission;
    const { affected } = await this.dataSource.manager.update(Submission, { id: submission.id, status: 'received' }, { status: 'queued' });
    // Read again only when the worker got there first (then its status is the one to show).
    return affected ? Object.assign(submission, { status: 'queued' as const }) : this.dataSource.manager.findOneByOrFail(Submission, { id: submission.id });
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

/** The format by content; a refused file becomes a Chinese 4xx naming what it was taken to be. */
export function formatOf(bytes: Buffer, name: string): FileFormat {
  try {
    // Images (JPEG, PNG, TIFF, WebP) are accepted: the worker reads them, and PDFs without a text layer, by OCR.
    return detectFormat(bytes, name, { ocr: true }) as FileFormat;
  } catch (e) {
    if (e instanceof AnalyzerError) throw uploadRejection(e, cleanFileName(name));
    throw e;
  }
}

/** Keeps the name for lists and downloads, without client directories, controls, bidi or invisible characters. */
export function cleanFileName(name: string): string {
  return safeFileName(name.split(/[\\/]/).pop() ?? '', 'upload');
}

/** Noon of a calendar date in a time zone, as an instant (noon keeps the date whatever the zone's offset). */
function zonedNoon(date: string, timeZone: string): Date {
  const utcNoon = new Date(`${date}T12:00:00Z`);
  const local = new Date(utcNoon.toLocaleString('en-US', { timeZone }));
  const utc = new Date(utcNoon.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(utcNoon.getTime() - (local.getTime() - utc.getTime()));
}
