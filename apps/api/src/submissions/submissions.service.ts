import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dueDateFor, todayIn } from '@app/domain';
import { FileStore, Submission, SubmissionText, findTemplateFor } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';
import { isUniqueViolation } from '../common/unique-violation';
import { ChecklistFactory } from '../checklists/checklist-factory.service';
import { SubmissionIntake } from './submission-intake.service';
import type { Principal } from '../common/principal';
import { JobProducer } from '../jobs/job-producer.service';
import type { SubmissionTextDto, SubmissionViewDto } from './dto/submission.dto';

export const submissionView = ({ storageKey: _k, submittedBy: _b, updatedAt: _u, township: _t, withdrawnBy: _w, analysisAttempt: _a, ...view }: Submission): SubmissionViewDto => {
  const reading = view.status === 'analyzing' || view.status === 'queued';
  const progress = reading && view.progress ? view.progress : null;
  return { ...view, progress, progressLabel: progressLabel(view) };
};

/** What the township sees while a scan or photo is read by OCR: waiting, then 分析中 12/40 页. */
export function progressLabel(s: Pick<Submission, 'status' | 'needsOcr' | 'progress'>): string | null {
  if (!s.needsOcr) return null;
  if (s.status === 'queued' || s.status === 'received') return '排队等待文字识别（扫描件或图片）';
  if (s.status !== 'analyzing') return null;
  return s.progress ? `分析中 ${s.progress.page}/${s.progress.total} 页` : '文字识别中';
}

@Injectable()
export class SubmissionsService {
  constructor(
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(SubmissionText) private readonly texts: Repository<SubmissionText>,
    private readonly files: FileStore,
    private readonly scope: AccessScope,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
    private readonly intake: SubmissionIntake,
    private readonly checklists: ChecklistFactory,
  ) {}

  /**
   * Withdraws a submission: it stays in the history (file, text, analysis) but no longer counts for the
   * township-year, whose checklist is recomputed; the township may then submit again. A township may withdraw until
   * the year's report deadline (submit-by of the template the county uses); the county's auditors and admins at
   * any time, to correct a misfiled document.
   */
  async withdraw(user: Principal, id: string): Promise<SubmissionViewDto> {
    const submission = await this.visible(user, id);
    if (submission.withdrawnAt) throw new ConflictError('ALREADY_WITHDRAWN', '该材料已撤回');
    const township = await this.scope.township(user, submission.townshipId, 'SUBMISSION_NOT_FOUND');
    if (user.role === 'township') {
      const template = await findTemplateFor(this.dataSource.manager, township.countyId, submission.year);
      const today = todayIn(this.config.timeZone, new Date());
      const deadline = template ? dueDateFor(template.reportSubmitBy, submission.year) : null;
      if (deadline && today > deadline) {
        throw new ConflictError('WITHDRAW_DEADLINE_PASSED', `${submission.year} 年度报告的报送截止日期（${deadline}）已过，不能再撤回；如需更正，请联系县司法局审核人员`, { deadline });
      }
    }
    const withdrawnAt = new Date();
    await this.dataSource.transaction(async (m) => {
      const { affected } = await m.update(Submission, { id, withdrawnAt: IsNull() }, { withdrawnAt, withdrawnBy: user.id });
      if (!affected) throw new ConflictError('ALREADY_WITHDRAWN', '该材料已撤回');
      await this.audit.record(m, user, {
        action: 'submission.withdraw',
        entityType: 'submission',
        entityId: id,
        countyId: township.countyId,
        townshipId: township.id,
        before: { withdrawnAt: null },
        after: { withdrawnAt },
      });
      // The recompute request commits with the withdrawal: a crash after the commit cannot leave it counted.
      await this.jobs.requestRecompute(m, submission.townshipId, submission.year);
    });
    await this.jobs.addRecompute(submission.townshipId, submission.year);
    return submissionView(await this.submissions.findOneByOrFail({ id }));
  }

  /**
   * An auditor takes an annual report the worker judged not to be one (rejected_not_report) as a report: the
   * override is recorded (the worker then analyses it as a report, it counts and the checklist recomputes), audited.
   */
  async acceptAsReport(user: Principal, id: string): Promise<SubmissionViewDto> {
    const submission = await this.visible(user, id);
    if (submission.status !== 'rejected_not_report') {
      throw new ConflictError('NOT_REJECTED_AS_NON_REPORT', '只有被判定为“非年度报告”的提交才需要认定为年度报告', { status: submission.status });
    }
    const township = await this.scope.township(user, submission.townshipId, 'SUBMISSION_NOT_FOUND');
    const at = new Date();
    await this.dataSource.transaction(async (m) => {
      const { affected } = await m.update(
        Submission,
        { id, status: 'rejected_not_report' },
        { status: 'received', reportOverrideBy: user.id, reportOverrideAt: at, errorCode: null, errorMessage: null, analysisAttempt: () => 'analysis_attempt + 1' },
      );
      if (!affected) throw new ConflictError('NOT_REJECTED_AS_NON_REPORT', '只有被判定为“非年度报告”的提交才需要认定为年度报告');
      await this.audit.record(m, user, {
        action: 'submission.accept_as_report',
        entityType: 'submission',
        entityId: id,
        countyId: township.countyId,
        townshipId: township.id,
        before: { status: submission.status, errorCode: submission.errorCode, errorMessage: submission.errorMessage },
        after: { status: 'received', reportOverrideAt: at },
      });
    });
    // The analysis intent is the row in received; the counted attempt gives a fresh job id (this version's is done).
    return submissionView(await this.enqueue(id));
  }

  /**
   * The township (or county staff) confirms the year of an annual report held because its text states another
   * (needs_year_confirmation): the year chosen at upload, or the year the text states (the report moves to it). The
   * worker then analyses it for that year and it counts. Audited.
   */
  async confirmYear(user: Principal, id: string, year: number): Promise<SubmissionViewDto> {
    const submission = await this.visible(user, id);
    if (submission.status !== 'needs_year_confirmation') {
      throw new ConflictError('NOT_AWAITING_YEAR_CONFIRMATION', '该提交无需确认年度', { status: submission.status });
    }
    const detected = (submission.analysisMeta as { detected?: { reportYear?: number | null } } | null)?.detected?.reportYear ?? null;
    if (year !== submission.year && year !== detected) {
      throw new BadRequestError('INVALID_CONFIRMED_YEAR', `请确认为上传时选择的${submission.year}年度${detected ? `或报告正文显示的${detected}年度` : ''}`);
    }
    const township = await this.scope.township(user, submission.townshipId, 'SUBMISSION_NOT_FOUND');
    if (year !== submission.year) await this.intake.assertOpenYear(year, township.countyId);
    const at = new Date();
    try {
      await this.dataSource.transaction(async (m) => {
        if (year !== submission.year) await this.checklists.ensure(m, submission.townshipId, year);
        const { affected } = await m.update(
          Submission,
          { id, status: 'needs_year_confirmation' },
          { year, status: 'received', yearConfirmedAt: at, yearConfirmedBy: user.id, errorCode: null, errorMessage: null, analysisAttempt: () => 'analysis_attempt + 1' },
        );
        if (!affected) throw new ConflictError('NOT_AWAITING_YEAR_CONFIRMATION', '该提交无需确认年度');
        await this.audit.record(m, user, {
          action: 'submission.confirm_year',
          entityType: 'submission',
          entityId: id,
          countyId: township.countyId,
          townshipId: township.id,
          before: { status: submission.status, year: submission.year, detectedYear: detected },
          after: { status: 'received', year, yearConfirmedAt: at },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('DUPLICATE_SUBMISSION', `${year}年度已有相同文件的提交`);
      throw e;
    }
    return submissionView(await this.enqueue(id));
  }

  /** A row just put back to received (its attempt counted): its job, then 'queued' unless the worker moved on. */
  private async enqueue(id: string): Promise<Submission> {
    if (await this.jobs.analyzeSubmission(await this.submissions.findOneByOrFail({ id }))) await this.submissions.update({ id, status: 'received' }, { status: 'queued' });
    return this.submissions.findOneByOrFail({ id });
  }

  async list(user: Principal, townshipId: string, year?: number): Promise<SubmissionViewDto[]> {
    await this.scope.township(user, townshipId);
    const rows = await this.submissions.find({ where: { townshipId, ...(year ? { year } : {}) }, order: { submittedAt: 'DESC' } });
    return rows.map(submissionView);
  }

  async get(user: Principal, id: string): Promise<SubmissionViewDto> {
    return submissionView(await this.visible(user, id));
  }

  async file(user: Principal, id: string): Promise<{ submission: Submission; bytes: Buffer }> {
    const submission = await this.visible(user, id);
    return { submission, bytes: await this.files.get(submission.storageKey) };
  }

  /** The text evidence offsets point into; there is none until the analysis has run. */
  async text(user: Principal, id: string): Promise<SubmissionTextDto> {
    const submission = await this.visible(user, id);
    const text = await this.texts.findOneBy({ submissionId: id });
    if (!text) {
      throw new ConflictError('SUBMISSION_NOT_ANALYZED', '该材料尚未完成分析，暂无全文', { status: submission.status, errorCode: submission.errorCode });
    }
    return { submissionId: id, analyzerVersion: text.analyzerVersion, text: text.text, length: text.text.length };
  }

  async visible(user: Principal, id: string): Promise<Submission> {
    const submission = await this.submissions.findOneBy({ id });
    if (!submission) throw new NotFoundError('SUBMISSION_NOT_FOUND', '材料不存在');
    await this.scope.township(user, submission.townshipId, 'SUBMISSION_NOT_FOUND');
    return submission;
  }
}
