import { BadRequestException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { LoginResponse } from '@switchboard/contracts';
import { UserEntity } from '@switchboard/persistence';
import { Repository } from 'typeorm';
import type { AuthUser } from './auth.decorators.js';
import { LoginLimiter } from './login-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { passwordWeakness } from './password-policy.js';
import { SessionsService } from './sessions.service.js';
import { toAuthUser, toUserSummary, TokenService } from './token.service.js';

export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
  ) {}

  /**
   * A wrong password, an unknown e-mail and a disabled user answer the same 401 after the same
   * work; repeated failures of one account or one address answer 429 before any hashing.
   */
  async login(emailInput: string, password: string, client: ClientInfo): Promise<LoginResponse> {
    const email = emailInput.trim().toLowerCase();
    await this.limiter.assertAllowed(email, client.ip);
    const user = await this.users.findOneBy({ email });
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !ok || user.disabled) {
      await this.limiter.recordFailure(email, client.ip);
      throw new UnauthorizedException('e-mail or password is wrong');
    }
    await this.limiter.recordSuccess(email);
    if (this.hasher.outdated(user.passwordHash)) await this.upgradeHash(user.id, password);
    const session = await this.sessions.create(user.id, client);
    const access = await this.tokens.issue(user.id, session.sessionId);
    return {
      accessToken: access.token,
      expiresAt: access.expiresAt.toISOString(),
      refreshToken: session.refreshToken,
      sessionExpiresAt: session.expiresAt.toISOString(),
      user: toUserSummary(user),
    };
  }

  /** A new access token for a standing session. */
  async refresh(refreshToken: string): Promise<LoginResponse> {
    const state = await this.sessions.redeem(refreshToken);
    const access = await this.tokens.issue(state.userId, state.sessionId);
    return {
      accessToken: access.token,
      expiresAt: access.expiresAt.toISOString(),
      sessionExpiresAt: new Date(state.expiresAtMs).toISOString(),
      user: toUserSummary(toAuthUser(state)),
    };
  }

  logout(user: AuthUser): Promise<void> {
    return this.sessions.revoke(user.sessionId, user.id, 'logged-out');
  }

  /**
   * The user's own new password. The current one is checked like a sign-in (failures count
   * towards the account's limit); every other session of the user ends.
   */
  async changePassword(user: AuthUser, current: string, next: string, client: ClientInfo): Promise<void> {
    await this.limiter.assertAllowed(user.email, client.ip);
    const row = await this.users.findOneByOrFail({ id: user.id });
    if (!(await this.hasher.verify(row.passwordHash, current))) {
      await this.limiter.recordFailure(user.email, client.ip);
      throw new BadRequestException(['currentPassword is wrong']);
    }
    if (next === current) throw new BadRequestException(['newPassword must differ from the current one']);
    const weakness = passwordWeakness(next, [row.email, row.name]);
    if (weakness) throw new BadRequestException([`newPassword ${weakness}`]);
    const passwordHash = await this.hasher.hash(next);
    await this.users.update({ id: user.id }, { passwordHash, passwordChangeRequired: false });
    await this.sessions.revokeAll(user.id, 'password-changed', user.sessionId);
  }

  /** Re-hashes with today's settings after a successful sign-in; a failure only leaves the old hash. */
  private async upgradeHash(userId: string, password: string): Promise<void> {
    try {
      await this.users.update({ id: userId }, { passwordHash: await this.hasher.hash(password) });
    } catch (error) {
      this.logger.warn(`password hash of user ${userId} not upgraded: ${String(error)}`);
    }
  }
}
