import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { LoginResponse } from '@switchboard/contracts';
import { UserEntity } from '@switchboard/persistence';
import { Repository } from 'typeorm';
import { hashPassword, verifyPassword } from './password.js';
import { TokenService } from './token.service.js';

@Injectable()
export class AuthService {
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('decoy-password-never-matches');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string): Promise<LoginResponse> {
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    const ok = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !ok || user.disabled) throw new UnauthorizedException('e-mail or password is wrong');
    const summary = { id: user.id, name: user.name, email: user.email, role: user.role };
    return { accessToken: await this.tokens.issue(summary), user: summary };
  }
}
