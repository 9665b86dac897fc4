import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { County } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { ConflictError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { definedFields } from '../common/defined-fields';
import { isUniqueViolation } from '../common/unique-violation';
import type { CreateCountyDto, UpdateCountyDto } from './dto/county.dto';

@Injectable()
export class CountiesService {
  constructor(
    @InjectRepository(County) private readonly counties: Repository<County>,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
  ) {}

  list(user: Principal): Promise<County[]> {
    if (user.role === 'admin') return this.counties.find({ order: { name: 'ASC' } });
    return user.countyId ? this.counties.find({ where: { id: user.countyId } }) : Promise.resolve([]);
  }

  get(user: Principal, id: string): Promise<County> {
    return this.scope.county(user, id);
  }

  async create(user: Principal, dto: CreateCountyDto): Promise<County> {
    return this.write(() =>
      this.dataSource.transaction(async (m) => {
        const county = await m.save(m.create(County, dto));
        await this.audit.record(m, user, { action: 'county.create', entityType: 'county', entityId: county.id, countyId: county.id, after: county });
        return county;
      }),
    );
  }

  async update(user: Principal, id: string, dto: UpdateCountyDto): Promise<County> {
    const before = await this.scope.county(user, id);
    return this.write(() =>
      this.dataSource.transaction(async (m) => {
        const after = await m.save(County, { ...before, ...definedFields(dto) });
        await this.audit.record(m, user, { action: 'county.update', entityType: 'county', entityId: id, countyId: id, before, after });
        return after;
      }),
    );
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('COUNTY_CODE_TAKEN', '县（区）编码已被使用');
      throw e;
    }
  }
}
