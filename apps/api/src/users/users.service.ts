import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { User } from '@app/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { hashPassword } from '../auth/password';
import { assertAcceptablePassword } from '../auth/password-policy';
import { AccessScope } from '../common/access-scope.service';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error';
import type { Principal } from '../common/principal';
import { isUniqueViolation } from '../common/unique-violation';
import type { CreateUserDto, UpdateUserDto, UserListQueryDto, UserViewDto } from './dto/user.dto';

export const userView = (u: User): UserViewDto => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  role: u.role,
  countyId: u.countyId,
  townshipId: u.townshipId,
  disabled: u.disabled,
  createdAt: u.createdAt,
});

/** Accounts. Auditors manage the auditor and township accounts of their own county; only admins manage admins. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly scope: AccessScope,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: Principal, q: UserListQueryDto): Promise<UserViewDto[]> {
    const qb = this.users.createQueryBuilder('u').leftJoin('townships', 't', 't.id = u.township_id').orderBy('u.username', 'ASC');
    if (user.role === 'auditor') qb.andWhere('(u.county_id = :c OR t.county_id = :c)', { c: user.countyId });
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.townshipId) qb.andWhere('u.township_id = :townshipId', { townshipId: q.townshipId });
    return (await qb.getMany()).map(userView);
  }

  async get(user: Principal, id: string): Promise<UserViewDto> {
    return userView(await this.visible(user, id));
  }

  async create(user: Principal, dto: CreateUserDto): Promise<UserViewDto> {
    const scope = await this.placement(user, dto);
    assertAcceptablePassword(dto.password, { username: dto.username, related: [dto.displayName, dto.email], demoPassword: this.config.demo.password });
    const passwordHash = await hashPassword(dto.password);
    try {
      return await this.dataSource.transaction(async (m) => {
        const created = await m.save(
          m.create(User, {
            username: dto.username,
            passwordHash,
            role: dto.role,
            countyId: dto.role === 'auditor' ? scope.countyId : null,
            townshipId: dto.role === 'township' ? scope.townshipId : null,
            displayName: dto.displayName ?? null,
            email: dto.email ?? null,
          }),
        );
        const view = userView(created);
        await this.audit.record(m, user, { action: 'user.create', entityType: 'user', entityId: created.id, ...scope, after: view });
        return view;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError('USERNAME_TAKEN', '用户名已被使用');
      throw e;
    }
  }

  /**
   * On oneself only the name and e-mail change (a password needs the current one, at POST /api/me/password); on
   * others, what the role hierarchy allows.
   */
  async update(user: Principal, id: string, dto: UpdateUserDto): Promise<UserViewDto> {
    if (id === user.id && dto.password !== undefined) {
      throw new ForbiddenError('USE_OWN_PASSWORD_CHANGE', '修改自己的密码须提供当前密码，请使用“修改密码”功能');
    }
    const before = id === user.id ? await this.visible(user, id) : await this.manageable(user, id);
    if (dto.password) assertAcceptablePassword(dto.password, { username: before.username, related: [before.displayName, before.email], demoPassword: this.config.demo.password });
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    return this.dataSource.transaction(async (m) => {
      const changes: Partial<User> = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.email !== undefined) changes.email = dto.email;
      if (passwordHash) {
        changes.passwordHash = passwordHash;
        await this.auth.endAllSessions(m, id);
      }
      if (Object.keys(changes).length) await m.update(User, { id }, changes);
      const after = userView(await m.findOneByOrFail(User, { id }));
      await this.audit.record(m, user, {
        action: passwordHash ? 'user.update_with_password_reset' : 'user.update',
        entityType: 'user',
        entityId: id,
        ...(await this.scopeOfUser(before)),
        before: userView(before),
        after,
      });
      return after;
    });
  }

  /** Disabling ends the user's sessions at once; enabling lets them log in again. */
  async setDisabled(user: Principal, id: string, disabled: boolean): Promise<UserViewDto> {
    if (id === user.id) throw new ConflictError(disabled ? 'CANNOT_DISABLE_SELF' : 'CANNOT_ENABLE_SELF', disabled ? '不能停用自己的账号' : '不能启用自己的账号');
    const before = await this.manageable(user, id);
    return this.dataSource.transaction(async (m) => {
      await m.update(User, { id }, { disabled });
      if (disabled) await this.auth.endAllSessions(m, id);
      const after = userView(await m.findOneByOrFail(User, { id }));
      await this.audit.record(m, user, {
        action: disabled ? 'user.disable' : 'user.enable',
        entityType: 'user',
        entityId: id,
        ...(await this.scopeOfUser(before)),
        before: { disabled: before.disabled },
        after: { disabled },
      });
      return after;
    });
  }

  /** The account, when the caller may manage it: admins any; auditors those of their county (never admins). */
  private async visible(user: Principal, id: string): Promise<User> {
    const target = await this.users.findOneBy({ id });
    if (!target) throw new NotFoundError('USER_NOT_FOUND', '用户不存在');
    if (user.role === 'admin') return target;
    const { countyId } = await this.scopeOfUser(target);
    if (user.role !== 'auditor' || target.role === 'admin' || countyId !== user.countyId) throw new NotFoundError('USER_NOT_FOUND', '用户不存在');
    return target;
  }

  /**
   * The account, when the caller may act on it (change, reset, disable, enable). Nobody acts on an account of equal
   * or higher role except an admin: auditors manage the township accounts of their own county only.
   */
  private async manageable(user: Principal, id: string): Promise<User> {
    const target = await this.visible(user, id);
    if (user.role === 'admin') return target;
    if (target.role !== 'township') throw new ForbiddenError('ROLE_HIERARCHY', '审核员只能管理本县的乡镇账号，不能操作审核员或管理员账号');
    return target;
  }

  /** Where a new account will sit, checked against the caller's scope. */
  private async placement(user: Principal, dto: CreateUserDto): Promise<{ countyId: string | null; townshipId: string | null }> {
    if (dto.role === 'admin') {
      if (user.role !== 'admin') throw new ForbiddenError('FORBIDDEN', '只有管理员可以创建管理员账号');
      if (dto.countyId || dto.townshipId) throw new BadRequestError('INVALID_USER_SCOPE', '管理员账号不属于任何县或乡镇');
      return { countyId: null, townshipId: null };
    }
    if (dto.role === 'auditor') {
      if (user.role !== 'admin') throw new ForbiddenError('ROLE_HIERARCHY', '只有管理员可以创建审核员账号');
      if (!dto.countyId || dto.townshipId) throw new BadRequestError('INVALID_USER_SCOPE', '审核员账号须指定所属县（区），且不指定乡镇');
      await this.scope.county(user, dto.countyId);
      return { countyId: dto.countyId, townshipId: null };
    }
    if (!dto.townshipId || dto.countyId) throw new BadRequestError('INVALID_USER_SCOPE', '乡镇账号须指定所属乡镇（街道），且不指定县');
    const township = await this.scope.township(user, dto.townshipId);
    return { countyId: township.countyId, townshipId: township.id };
  }

  private async scopeOfUser(u: User): Promise<{ countyId: string | null; townshipId: string | null }> {
    if (u.role !== 'township' || !u.townshipId) return { countyId: u.countyId, townshipId: null };
    const [row] = await this.dataSource.query('SELECT county_id FROM townships WHERE id = $1', [u.townshipId]);
    return { countyId: row?.county_id ?? null, townshipId: u.townshipId };
  }
}
