import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, Role } from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { UserEntity } from '@switchboard/persistence';
import { Repository } from 'typeorm';
import type { AuthUser } from './auth.decorators.js';

/** How long a "this user is still enabled" answer is trusted before asking the database again. */
const ACTIVE_CACHE_MS = 5_000;

@Injectable()
export class TokenService {
  private readonly activeCache = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly jwt: JwtService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
  ) {}

  issue(user: AuthUser): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, name: user.name, email: user.email };
    return this.jwt.signAsync(claims);
  }

  /** The user behind a token, or null when the token is bad, expired, or the user disabled. */
  async verify(token: string): Promise<AuthUser | null> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) return null;
    if (!(await this.isActive(claims.sub))) return null;
    return { id: claims.sub, role: claims.role, name: claims.name, email: claims.email };
  }

  /** As verify, with the token's expiry: a socket outliving its token is closed (see RealtimeGateway). */
  async verifySession(token: string): Promise<{ user: AuthUser; expiresAtMs: number } | null> {
    const user = await this.verify(token);
    if (!user) return null;
    const claims = this.jwt.decode<{ exp?: number } | null>(token);
    return { user, expiresAtMs: typeof claims?.exp === 'number' ? claims.exp * 1000 : Infinity };
  }

  /** False once the user is disabled or deleted (cached for a few seconds). */
  async isActive(userId: string): Promise<boolean> {
    const cached = this.activeCache.get(userId);
    const now = Date.now();
    if (cached && cached.until > now) return cached.active;
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, disabled: true } });
    const active = user !== null && !user.disabled;
    this.activeCache.set(userId, { active, until: now + ACTIVE_CACHE_MS });
    return active;
  }

  /** Called when an admin disables a user so this process stops trusting their token at once. */
  forget(userId: string): void {
    this.activeCache.delete(userId);
  }
}
