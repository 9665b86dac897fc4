import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { todayIn, yearOf } from '@app/domain';
import { Checklist, Township, ensureYearChecklists } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AccessScope } from '../common/access-scope.service';
import { ConflictError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { definedFields } from '../common/defined-fields';
import { isUniqueViolation } from '../common/unique-violation';
import { JobProducer } from '../jobs/job-producer.service';
import type { CreateTownshipDto, TownshipListQueryDto, UpdateTownshipDto } from './dto/township.dto';

@Injectable()
export class TownshipsService {
  constructor(
    @InjectRepository(Township) private readonly townships: Repository<Township>,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new (or re-enabled) township gets its checklists at once: for the current year, and for every later year the
   * county's townships already have checklists of (a template published ahead), so it sees its tasks and deadlines
   * before its first upload.
   */
  private async ensureOpenYears(m: EntityManager, township: Township): Promise<void> {
    const current = yearOf(todayIn(this.config.timeZone, new Date()));
    const later: { year: number }[] = await m.query(
      `SELECT DISTINCT c.year FROM checklists c JOIN townships t ON t.id = c.township_id WHERE t.county_id = $1 AND c.year > $2`,
      [township.countyId, current],
    );
    for (const year of [current, ...later.map((r) => r.year)]) await ensureYearChecklists(m, year, { townshipIds: [township.id] });
  }

  list(user: Principal, q: TownshipListQueryDto): Promise<Township[]> {
    const qb = this.townships.createQueryBuilder('t').orderBy('t.code', 'ASC');
    this.scope.restrict(qb, user, { township: 't.id', county: 't.county_id' });
    if (q.countyId) qb.andWhere('t.county_id = :countyId', { countyId: q.countyId });
    if (!q.includeDisabled) qb.andWhere('t.disabled = false');
    return qb.getMany();
  }

  get(user: Principal, id: string): Promise<Township> {
    return this.scope.township(user, id);
  }

  async create(user: Principal, dto: CreateTownshipDto): Promise<Township> {
    await this.scope.county(user, dto.countyId);
    return this.write(() =>
      this.dataSource.transaction(async (m) => {
        const township = await m.save(m.create(Township, { ...dto, villageCount: dto.villageCount ?? null }));
        await this.audit.record(m, user, { action: 'township.create', entityType: 'township', entityId: township.id, countyId: township.countyId, townshipId: township.id, after: township });
        await this.ensureOpenYears(m, township);
        return township;
      }),
    );
  }

  /** A changed village count changes coverage rates: every checklist of the township is recomputed. */
  async update(user: Principal, id: string, dto: UpdateTownshipDto): Promise<Township> {
    const before = await this.scope.township(user, id);
    const { after, years } = await this.write(() =>
      this.dataSource.transaction(async (m) => {
        const after = await m.save(Township, { ...before, ...definedFields(dto) });
        await this.audit.record(m, user, { action: 'township.update', entityType: 'township', entityId: id, countyId: after.countyId, townshipId: id, before, after });
        const villageCountChanged = dto.villageCount !== undefined && dto.villageCount !== before.villageCount;
        const years = villageCountChanged ? (await m.find(Checklist, { where: { townshipId: id }, select: { year: true } })).map((c) => c.year) : [];
        // The recompute requests commit with the change (the sweeper's intent if the jobs below are lost).
        for (const year of years) await this.jobs.requestRecompute(m, id, year);
        return { after, years };
      }),
    );
    for (const year of years) await this.jobs.addRecompute(id, year);
    return after;
  }

  async setDisabled(user: Principal, id: string, disabled: boolean): Promise<Township> {
    const before = await this.scope.township(user, id);
    return this.dataSource.transaction(async (m) => {
      await m.update(Township, { id }, { disabled });
      if (disabled) {
        // Its accounts' sessions end at once: refresh tokens revoked, outstanding access tokens voided.
        await m.query('UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE township_id = $1)', [id]);
        await m.query('UPDATE users SET token_version = token_version + 1 WHERE township_id = $1', [id]);
      }
      const after = { ...before, disabled };
      await this.audit.record(m, user, { action: disabled ? 'township.disable' : 'township.enable', entityType: 'township', entityId: id, countyId: before.countyId, townshipId: id, before: { disabled: before.disabled }, after: { disabled } });
      if (!disabled) await this.ensureOpenYears(m, after);
      return after;
    });
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('TOWNSHIP_TAKEN', '乡镇编码已被使用，或本县已有同名乡镇');
      throw e;
    }
  }
}
