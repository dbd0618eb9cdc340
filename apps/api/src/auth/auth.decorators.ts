import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@switchboard/contracts';
import type { FastifyRequest } from 'fastify';

export const ROLES_KEY = 'switchboard:roles';
export const PUBLIC_KEY = 'switchboard:public';
export const BEFORE_PASSWORD_CHANGE_KEY = 'switchboard:before-password-change';

/** The roles allowed to call this route. Every route has this or @Public(): a test checks. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Marks a route as reachable without a token (login, refresh, health, API docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Marks a route a user may call while an admin-set password waits to be changed (who am I, change
 * my password, log out). Every other route answers 403 until then.
 */
export const BeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);

export interface AuthUser {
  id: string;
  role: Role;
  name: string;
  email: string;
  passwordChangeRequired: boolean;
  /** The sign-in this request belongs to. */
  sessionId: string;
}

export type AuthenticatedRequest = FastifyRequest & { user?: AuthUser };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});
