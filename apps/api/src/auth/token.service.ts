import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, UserSummary } from '@switchboard/contracts';
import type { AppConfig } from '@switchboard/config';
import { InjectConfig } from '../common/app-config.js';
import type { AuthUser } from './auth.decorators.js';
import { sessionProblem, SessionsService, type SessionState } from './sessions.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A verified access token: the user as the database has them now, and until when the token holds. */
export interface VerifiedToken {
  user: AuthUser;
  expiresAtMs: number;
}

export function toAuthUser(state: SessionState): AuthUser {
  return {
    id: state.userId,
    role: state.role,
    name: state.name,
    email: state.email,
    passwordChangeRequired: state.passwordChangeRequired,
    sessionId: state.sessionId,
  };
}

/** What a client is told about a user: never the session id or anything else of the server's. */
export function toUserSummary(
  user: Pick<AuthUser, 'id' | 'name' | 'email' | 'role' | 'passwordChangeRequired'>,
): UserSummary {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    passwordChangeRequired: user.passwordChangeRequired,
  };
}

/**
 * Access tokens: HS256, pinned on verify, with `sub`, `sid`, `iat` and `exp` all required. The
 * token only says who and which session; whether that session still stands, and the user's
 * role, name and active flag, come from SessionsService.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async issue(userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = await this.jwt.signAsync({ sub: userId, sid: sessionId });
    return { token, expiresAt: new Date(Date.now() + this.config.auth.jwtTtlSeconds * 1000) };
  }

  /** The claims of a well-signed, unexpired token with every required claim; null otherwise. */
  async claims(token: string): Promise<AccessTokenClaims | null> {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token);
    } catch {
      return null;
    }
    const { sub, sid, iat, exp } = claims;
    if (typeof sub !== 'string' || !UUID.test(sub) || typeof sid !== 'string' || !UUID.test(sid)) return null;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp * 1000 <= Date.now()) return null;
    // A token whose lifetime is longer than this api issues was not made by it.
    if (exp - iat > this.config.auth.jwtTtlSeconds + 60) return null;
    return { sub, sid, iat, exp };
  }

  /** The user behind a token, or null when the token is bad or expired, or its session or user is no longer good. */
  async verify(token: string): Promise<VerifiedToken | null> {
    const claims = await this.claims(token);
    if (!claims) return null;
    const state = await this.sessions.state(claims.sid);
    if (!state || state.userId !== claims.sub || sessionProblem(state, Date.now())) return null;
    return { user: toAuthUser(state), expiresAtMs: claims.exp * 1000 };
  }
}
