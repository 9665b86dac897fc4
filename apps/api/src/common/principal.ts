import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { UserRole } from '@app/persistence';

/** The authenticated caller, loaded fresh from the database on every request (so disabling takes effect at once). */
export interface Principal {
  id: string;
  username: string;
  role: UserRole;
  /** The auditor's county, or the county of a township user's township. */
  countyId: string | null;
  townshipId: string | null;
}

export const IS_PUBLIC = 'fazhi:public';
export const ROLES = 'fazhi:roles';

/** No bearer token needed (login, refresh). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles reach the handler; the others get 403 before any lookup. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().user);
