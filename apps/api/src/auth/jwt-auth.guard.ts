import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@app/persistence';
import { ForbiddenError } from '../common/domain-error';
import { IS_PUBLIC, ROLES } from '../common/principal';
import { PrincipalLoader } from './principal-loader.service';

/** Global: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it further (403). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly principals: PrincipalLoader) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest();
    req.user = await this.principals.fromBearer(req.headers.authorization);
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(req.user.role)) throw new ForbiddenError();
    return true;
  }
}
