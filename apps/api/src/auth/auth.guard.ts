import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role, SessionEndedReason } from '@switchboard/contracts';
import {
  BEFORE_PASSWORD_CHANGE_KEY,
  PUBLIC_KEY,
  ROLES_KEY,
  type AuthenticatedRequest,
  type AuthUser,
} from './auth.decorators.js';
import { sessionProblem, SessionsService } from './sessions.service.js';
import { toAuthUser, TokenService } from './token.service.js';

/** The slice of a Socket.IO socket the guard uses. */
interface SessionSocket {
  data?: { user?: AuthUser; expiresAtMs?: number };
  emit(event: 'session.ended', payload: { reason: SessionEndedReason }): unknown;
  disconnect(close: boolean): unknown;
}

/**
 * Global guard: deny by default. A route is reachable only when it is marked @Public() or
 * names its roles with @Roles(); the caller needs a valid bearer token of a standing session,
 * and the role its user has in the database now.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    if (context.getType() === 'ws') {
      // Socket messages: the handshake verified the token. Here the session and role are read
      // again (cached for seconds), and a socket speaking after its token expired or its session
      // ended is closed at once rather than at the next sweep.
      const socket = context.switchToWs().getClient<SessionSocket>();
      const data = socket.data;
      if (data?.user === undefined) return false;
      const state = await this.sessions.state(data.user.sessionId);
      const problem: SessionEndedReason | null =
        (data.expiresAtMs ?? 0) <= Date.now() ? 'token-expired' : sessionProblem(state, Date.now());
      if (problem || !state) {
        socket.emit('session.ended', { reason: problem ?? 'logged-out' });
        socket.disconnect(true);
        return false;
      }
      data.user = toAuthUser(state);
      return roles !== undefined && roles.includes(state.role) && !state.passwordChangeRequired;
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('Authorization: Bearer <token> header is required');
    const verified = await this.tokens.verify(match[1]!);
    if (!verified) throw new UnauthorizedException('token is invalid or expired, or its session has ended');
    const user = verified.user;
    request.user = user;

    if (!roles || roles.length === 0) {
      // A route without @Roles is a programming error; refuse rather than expose it.
      throw new ForbiddenException('this route admits no role');
    }
    if (!roles.includes(user.role)) {
      throw new ForbiddenException(`role ${user.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    if (
      user.passwordChangeRequired &&
      !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)
    ) {
      throw new ForbiddenException('choose your own password first: PUT /api/auth/password');
    }
    return true;
  }
}
