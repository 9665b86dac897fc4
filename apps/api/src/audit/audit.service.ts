import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { AuditAction, AuditEntityType } from '@app/domain/labels';
import { AuditLog } from '@app/persistence';
import type { Principal } from '../common/principal';
import { AccessScope } from '../common/access-scope.service';

export interface AuditEntry {
  /** Every action has its Chinese name in libs/domain/src/labels (the 审计日志 page shows it). */
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string | null;
  countyId?: string | null;
  townshipId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditPage {
  items: AuditLog[];
  total: number;
  page: number;
  pageSize: number;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    private readonly scope: AccessScope,
  ) {}

  /** Writes through the caller's transaction manager, so the entry commits or rolls back with the change. */
  async record(manager: EntityManager, actor: Principal | 'system', entry: AuditEntry): Promise<void> {
    await manager.save(manager.create(AuditLog, {
      actorUserId: actor === 'system' ? null : actor.id,
      actorLabel: actor === 'system' ? 'system' : actor.username,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      countyId: entry.countyId ?? null,
      townshipId: entry.townshipId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    }));
  }

  async list(user: Principal, page: number, pageSize: number, filter: { townshipId?: string; entityType?: string }): Promise<AuditPage> {
    const qb = this.logs.createQueryBuilder('a').orderBy('a.id', 'DESC').skip((page - 1) * pageSize).take(pageSize);
    this.scope.restrict(qb, user, { township: 'a.township_id', county: 'a.county_id' });
    if (filter.townshipId) qb.andWhere('a.township_id = :townshipId', { townshipId: filter.townshipId });
    if (filter.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    const [items, total] = await qb.getManyAndCount();
    return { items, total, page, pageSize };
  }
}
