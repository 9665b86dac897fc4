import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { County, RefreshToken, Township, User } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { UnauthorizedError } from '../common/domain-error';
import { assertAcceptablePassword } from './password-policy';
import type { Principal } from '../common/principal';
import { durationSeconds } from './jwt-secret';
import { hashPassword, timingDummyHash, verifyPassword } from './password';
import { PrincipalLoader, type AccessClaims } from './principal-loader.service';
import type { MeDto, TokenPairDto } from './dto/auth.dto';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * How long a just-rotated refresh token still refreshes: two tabs refreshing with the same token at once must not
 * end the session (the token-rotation "leeway" of Auth0 and Okta). Reuse after the window still revokes the family.
 */
export const REFRESH_REUSE_GRACE_MS = 20_000;

@Injectable()
export class AuthService {
  private readonly accessSeconds: number;
  private readonly refreshSeconds: number;
  private readonly demoPassword: string | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    private readonly principals: PrincipalLoader,
    private readonly audit: AuditService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    this.accessSeconds = durationSeconds(config.jwt.accessTtl);
    this.refreshSeconds = durationSeconds(config.jwt.refreshTtl);
    this.demoPassword = config.demo.password;
  }

  async login(username: string, password: string): Promise<TokenPairDto> {
    const user = await this.users.findOneBy({ username: username.trim().toLowerCase() });
    const ok = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
    if (!user || !ok) throw new UnauthorizedError('INVALID_CREDENTIALS', '用户名或密码错误');
    const principal = await this.principals.byId(user.id); // refuses disabled accounts and disabled townships
    return this.dataSource.transaction(async (m) => {
      const { tokens } = await this.issue(m, user);
      await this.audit.record(m, principal, { action: 'auth.login', entityType: 'user', entityId: user.id, ...scopeOf(principal) });
      return tokens;
    });
  }

  /**
   * Rotates a refresh token. Presenting a token that was already rotated means two parties hold it: every session of
   * the user ends (refresh tokens revoked, tokenVersion bumped so access tokens die too).
   */
  async refresh(refreshToken: string): Promise<TokenPairDto> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!row) return { error: 'INVALID_REFRESH_TOKEN' as const };
      if (row.revokedAt) {
        if (!row.replacedById) return { error: 'INVALID_REFRESH_TOKEN' as const };
        if (Date.now() - row.revokedAt.getTime() <= REFRESH_REUSE_GRACE_MS) {
          // A parallel refresh with the token just rotated: served, as long as the session it was rotated into lives
          // (a logout, a password change or a disable in between ends that too).
          if (!(await this.rotationChainAlive(m, row.replacedById))) return { error: 'INVALID_REFRESH_TOKEN' as const };
          const user = await m.findOneByOrFail(User, { id: row.userId });
          await this.principals.byId(user.id);
          return { tokens: (await this.issue(m, user)).tokens };
        }
        await this.endAllSessions(m, row.userId);
        await this.audit.record(m, 'system', { action: 'auth.refresh_reuse_detected', entityType: 'user', entityId: row.userId, after: { tokenId: row.id } });
        return { error: 'REFRESH_TOKEN_REUSED' as const };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'INVALID_REFRESH_TOKEN' as const };
      const user = await m.findOneByOrFail(User, { id: row.userId });
      await this.principals.byId(user.id); // disabled since? then no new tokens
      const { tokens, tokenId } = await this.issue(m, user);
      await m.update(RefreshToken, { id: row.id }, { revokedAt: new Date(), replacedById: tokenId });
      return { tokens };
    });
    if ('error' in outcome) {
      throw new UnauthorizedError(outcome.error, outcome.error === 'REFRESH_TOKEN_REUSED' ? '刷新令牌已被使用过，所有会话已注销，请重新登录' : '刷新令牌无效或已过期');
    }
    return outcome.tokens;
  }

  /** Logs the user out everywhere: refresh tokens revoked, outstanding access tokens voided. */
  async logout(user: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.endAllSessions(m, user.id);
      await this.audit.record(m, user, { action: 'auth.logout', entityType: 'user', entityId: user.id, ...scopeOf(user) });
    });
  }

  async changePassword(user: Principal, currentPassword: string, newPassword: string): Promise<TokenPairDto> {
    const row = await this.users.findOneByOrFail({ id: user.id });
    if (!(await verifyPassword(row.passwordHash, currentPassword))) throw new UnauthorizedError('INVALID_CREDENTIALS', '当前密码错误');
    assertAcceptablePassword(newPassword, { username: row.username, related: [row.displayName, row.email], demoPassword: this.demoPassword });
    const passwordHash = await hashPassword(newPassword);
    return this.dataSource.transaction(async (m) => {
      await this.endAllSessions(m, user.id);
      await m.update(User, { id: user.id }, { passwordHash });
      await this.audit.record(m, user, { action: 'auth.change_password', entityType: 'user', entityId: user.id, ...scopeOf(user) });
      return (await this.issue(m, await m.findOneByOrFail(User, { id: user.id }))).tokens;
    });
  }

  /** The claims of an access token the guard has already verified (for its expiry). */
  decodeAccessToken(token: string): AccessClaims & { exp: number } {
    return this.jwt.decode(token);
  }

  async me(user: Principal): Promise<MeDto> {
    const row = await this.users.findOneByOrFail({ id: user.id });
    const township = user.townshipId ? await this.dataSource.getRepository(Township).findOneBy({ id: user.townshipId }) : null;
    const county = user.countyId ? await this.dataSource.getRepository(County).findOneBy({ id: user.countyId }) : null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      role: row.role,
      countyId: user.countyId,
      countyName: county?.name ?? null,
      townshipId: user.townshipId,
      townshipName: township?.name ?? null,
    };
  }

  /** Whether the tokens a refresh token was rotated into still end in a live one (no logout or revocation since). */
  private async rotationChainAlive(m: EntityManager, nextId: string | null): Promise<boolean> {
    for (let hops = 0; nextId && hops < 50; hops++) {
      const next = await m.findOneBy(RefreshToken, { id: nextId });
      if (!next) return false;
      if (!next.revokedAt) return next.expiresAt.getTime() > Date.now();
      nextId = next.replacedById;
    }
    return false;
  }

  /** Revokes every live refresh token and voids every access token (used by logout, disable, password changes). */
  async endAllSessions(m: EntityManager, userId: string): Promise<void> {
    await m.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await m.increment(User, { id: userId }, 'tokenVersion', 1);
  }

  private async issue(m: EntityManager, user: User): Promise<{ tokens: TokenPairDto; tokenId: string }> {
    const { tokenVersion } = await m.findOneByOrFail(User, { id: user.id });
    const claims: AccessClaims = { sub: user.id, ver: tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.accessSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    const saved = await m.save(
      m.create(RefreshToken, { userId: user.id, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + this.refreshSeconds * 1000) }),
    );
    return { tokenId: saved.id, tokens: { accessToken, refreshToken, expiresIn: this.accessSeconds } };
  }
}

export const scopeOf = (user: Principal) => ({ countyId: user.countyId, townshipId: user.townshipId });
