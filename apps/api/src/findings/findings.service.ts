import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ITEM_FINDING_KINDS } from '@app/domain';
import { Finding } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { ReviewRequests, type ReviewRequestResult } from '../review/review-requests.service';
import type { FindingPageDto, FindingQueryDto, FindingViewDto } from './dto/finding.dto';


export const findingView = ({ township, ...f }: Finding): FindingViewDto => ({ ...f, townshipName: township?.name ?? '' });

@Injectable()
export class FindingsService {
  constructor(
    @InjectRepository(Finding) private readonly findings: Repository<Finding>,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly reviewRequests: ReviewRequests,
  ) {}

  /** A page of the findings the caller may see, newest first, each with its township's name. */
  async list(user: Principal, q: FindingQueryDto): Promise<FindingPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.findings
      .createQueryBuilder('f')
      .innerJoinAndSelect('f.township', 't')
      .orderBy('f.openedAt', 'DESC')
      .addOrderBy('f.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    this.scope.restrict(qb, user, { township: 'f.township_id', county: 't.county_id' });
    if (q.status) qb.andWhere('f.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('f.kind = :kind', { kind: q.kind });
    if (q.answered !== undefined) qb.andWhere(q.answered ? 'f.responded_at IS NOT NULL' : 'f.responded_at IS NULL');
    if (q.year) qb.andWhere('f.year = :year', { year: q.year });
    if (q.townshipId) qb.andWhere('f.township_id = :townshipId', { townshipId: q.townshipId });
    if (q.countyId) qb.andWhere('t.county_id = :countyId', { countyId: q.countyId });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(findingView), total, page, pageSize };
  }

  /**
   * A township answers a finding about itself (recomputation decides when it is resolved). An answer to a finding on
   * a checklist item puts that item back in 待审 and tells the county's auditors (ReviewRequests).
   */
  async respond(user: Principal, id: string, response: string): Promise<Finding> {
    const finding = await this.findings.findOneBy({ id });
    if (!finding) throw new NotFoundError('FINDING_NOT_FOUND', '问题不存在');
    const township = await this.scope.township(user, finding.townshipId, 'FINDING_NOT_FOUND');
    let request: ReviewRequestResult | null = null;
    const saved = await this.dataSource.transaction(async (m) => {
      await m.update(Finding, { id }, { response, respondedBy: user.id, respondedAt: new Date() });
      const after = await m.findOneByOrFail(Finding, { id });
      await this.audit.record(m, user, {
        action: 'finding.respond',
        entityType: 'finding',
        entityId: id,
        countyId: township.countyId,
        townshipId: township.id,
        before: { response: finding.response },
        after: { response },
      });
      if (user.role === 'township' && finding.checklistItemId && (ITEM_FINDING_KINDS as readonly string[]).includes(finding.kind)) {
        request = await this.reviewRequests.request(m, user, finding.checklistItemId, 'finding_response', response);
      } else if (user.role === 'township') {
        request = await this.reviewRequests.findingAnswered(m, finding, township, response);
      }
      return after;
    });
    this.reviewRequests.deliver(request);
    return saved;
  }
}
