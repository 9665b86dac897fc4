import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { UserRole } from '@app/persistence';
import { UnauthorizedError } from '../common/domain-error';
import type { Principal } from '../common/principal';

export interface AccessClaims {
  sub: string;
  /** The user's tokenVersion when the token was issued; any bump (logout, disable, password) voids the token. */
  ver: number;
}

interface PrincipalRow {
  id: string;
  username: string;
  role: UserRole;
  county_id: string | null;
  township_id: string | null;
  disabled: boolean;
  token_version: number;
  township_county_id: string | null;
  township_disabled: boolean | null;
}

/** Turns a bearer token into the caller, checking the account on every request (one indexed query). */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly jwt: JwtService, private readonly dataSource: DataSource) {}

  async fromBearer(header: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new UnauthorizedError();
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw new UnauthorizedError('INVALID_TOKEN', '登录已失效，请重新登录');
    }
    if (typeof claims.sub !== 'string' || typeof claims.ver !== 'number') throw new UnauthorizedError('INVALID_TOKEN', '登录已失效，请重新登录');
    return this.byId(claims.sub, claims.ver);
  }

  async byId(userId: string, tokenVersion?: number): Promise<Principal> {
    const [row] = (await this.dataSource.query(
      `SELECT u.id, u.username, u.role, u.county_id, u.township_id, u.disabled, u.token_version,
              t.county_id AS township_county_id, t.disabled AS township_disabled
         FROM users u LEFT JOIN townships t ON t.id = u.township_id
        WHERE u.id = $1`,
      [userId],
    )) as PrincipalRow[];
    if (!row || (tokenVersion !== undefined && row.token_version !== tokenVersion)) {
      throw new UnauthorizedError('INVALID_TOKEN', '登录已失效，请重新登录');
    }
    if (row.disabled || row.township_disabled) throw new UnauthorizedError('ACCOUNT_DISABLED', '账号已停用');
    return {
      id: row.id,
      username: row.username,
      role: row.role,
      countyId: row.role === 'township' ? row.township_county_id : row.county_id,
      townshipId: row.township_id,
    };
  }
}
