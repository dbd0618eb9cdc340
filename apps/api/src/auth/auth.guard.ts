import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@switchboard/contracts';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest, type AuthUser } from './auth.decorators.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: deny by default. A route is reachable only when it is marked @Public() or
 * names its roles with @Roles(); the caller needs a valid bearer token and one of those roles.
 */
/** The slice of a Socket.IO socket the guard uses. */
interface SessionSocket {
  data?: { user?: AuthUser; expiresAtMs?: number };
  emit(event: 'session.ended', payload: { reason: 'token-expired' }): unknown;
  disconnect(close: boolean): unknown;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    if (context.getType() === 'ws') {
      // Socket messages: the handshake verified the token, and the gateway's sweep closes a socket
      // whose token expires or whose user is disabled. Here the role is checked, and a socket
      // speaking after its token expired is closed at once rather than at the next sweep.
      const socket = context.switchToWs().getClient<SessionSocket>();
      const data = socket.data;
      if (data?.user === undefined) return false;
      if ((data.expiresAtMs ?? 0) <= Date.now()) {
        socket.emit('session.ended', { reason: 'token-expired' });
        socket.disconnect(true);
        return false;
      }
      return roles !== undefined && roles.includes(data.user.role);
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('Authorization: Bearer <token> header is required');
    const user = await this.tokens.verify(match[1]!);
    if (!user) throw new UnauthorizedException('token is invalid or expired, or the user is disabled');
    request.user = user;

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
