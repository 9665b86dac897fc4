import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FileStore, Submission, SubmissionText } from '@app/persistence';
import { AccessScope } from '../common/access-scope.service';
import { ConflictError, NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import type { SubmissionTextDto, SubmissionViewDto } from './dto/submission.dto';

export const submissionView = ({ storageKey: _k, submittedBy: _b, updatedAt: _u, township: _t, ...view }: Submission): SubmissionViewDto => view;

@Injectable()
export class SubmissionsService {
  constructor(
    @InjectRepository(Submission) private readonly submissions: Repository<Submission>,
    @InjectRepository(SubmissionText) private readonly texts: Repository<SubmissionText>,
    private readonly files: FileStore,
    private readonly scope: AccessScope,
  ) {}

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
