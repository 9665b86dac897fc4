import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { County, Township } from '@app/persistence';
import { NotFoundError } from './domain-error';
import type { Principal } from './principal';

/**
 * The single answer to "may this caller see that?". Admins see everything, auditors one county, township users one
 * township. Anything outside the caller's scope is reported exactly like something that does not exist (404).
 */
@Injectable()
export class AccessScope {
  constructor(
    @InjectRepository(Township) private readonly townships: Repository<Township>,
    @InjectRepository(County) private readonly counties: Repository<County>,
  ) {}

  canSeeTownship(user: Principal, township: { id: string; countyId: string }): boolean {
    if (user.role === 'admin') return true;
    if (user.role === 'auditor') return township.countyId === user.countyId;
    return township.id === user.townshipId;
  }

  canSeeCounty(user: Principal, countyId: string): boolean {
    return user.role === 'admin' || user.countyId === countyId;
  }

  /** The township, when the caller may see it; 404 (with the caller's resource code) otherwise. */
  async township(user: Principal, townshipId: string, notFoundCode = 'TOWNSHIP_NOT_FOUND'): Promise<Township> {
    const township = await this.townships.findOneBy({ id: townshipId });
    if (!township || !this.canSeeTownship(user, township)) throw new NotFoundError(notFoundCode, '乡镇（街道）不存在');
    return township;
  }

  async county(user: Principal, countyId: string): Promise<County> {
    const county = await this.counties.findOneBy({ id: countyId });
    if (!county || !this.canSeeCounty(user, countyId)) throw new NotFoundError('COUNTY_NOT_FOUND', '县（区）不存在');
    return county;
  }

  /**
   * Restricts a listing to the caller's scope. `townshipColumn` / `countyColumn` are the SQL expressions holding the
   * row's township id and its county id (join townships when the row has only a township id).
   */
  restrict<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, user: Principal, columns: { township: string; county: string }): SelectQueryBuilder<T> {
    if (user.role === 'auditor') return qb.andWhere(`${columns.county} = :scopeCountyId`, { scopeCountyId: user.countyId });
    if (user.role === 'township') return qb.andWhere(`${columns.township} = :scopeTownshipId`, { scopeTownshipId: user.townshipId });
    return qb;
  }
}
