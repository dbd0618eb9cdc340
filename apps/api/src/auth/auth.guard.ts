import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@switchboard/contracts';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: deny by default. A route is reachable only when it is marked @Public() or
 * names its roles with @Roles(); the caller needs a valid bearer token and one of those roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('Authorization: Bearer <token> header is required');
    const user = await this.tokens.verify(match[1]!);
    if (!user) throw new UnauthorizedException('token is invalid or expired, or the user is disabled');
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      // A route without @Roles is a programming error; refuse rather than expose it.
      throw new ForbiddenException('this route admits no role');
    }
    if (!roles.includes(user.role)) {
      throw new ForbiddenException(`role ${user.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}
