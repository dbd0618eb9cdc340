import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_CAPACITY,
  type CreateUserResponse,
  type ResetPasswordResponse,
  type Role,
  type UserAccount,
} from '@switchboard/contracts';
import { AgentEntity, isUniqueViolation, UserEntity } from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { generatePassword } from '../auth/password.js';
import { passwordWeakness } from '../auth/password-policy.js';
import { SessionsService } from '../auth/sessions.service.js';
import { AuditService } from '../audit/audit.service.js';
import { AgentWorkService, type ReleasedWork } from '../agents/agent-work.service.js';
import type { CreateUserDto, ListUsersQueryDto, ResetPasswordDto, UpdateUserDto } from './user.dto.js';

interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  password_change_required: boolean;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
}

const ACCOUNT_SQL = `
  SELECT u.id, u.name, u.email, u.role, u.disabled, u.password_change_required, u.created_at, u.updated_at,
         (SELECT max(s.created_at) FROM auth_sessions s WHERE s.user_id = u.id) AS last_sign_in_at
    FROM users u`;

function toAccount(row: AccountRow): UserAccount {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    passwordChangeRequired: row.password_change_required,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
  };
}

/** What the audit log keeps of a user: never a password or its hash. */
const auditView = (u: Pick<UserEntity, 'name' | 'email' | 'role' | 'disabled' | 'passwordChangeRequired'>) => ({
  name: u.name,
  email: u.email,
  role: u.role,
  disabled: u.disabled,
  passwordChangeRequired: u.passwordChangeRequired,
});

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Accounts of every role, for admins: create, rename, change role, disable and enable, reset a
 * password. Each change is in the audit log; a disabled user or a reset password ends their
 * sessions on every api process at once, and a role change applies to their next request.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly release: AgentWorkService,
  ) {}

  async list(query: ListUsersQueryDto): Promise<UserAccount[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.role) where.push(`u.role = $${params.push(query.role)}`);
    if (query.includeDisabled === false) where.push('NOT u.disabled');
    if (query.q?.trim()) {
      const like = `%${escapeLike(query.q.trim())}%`;
      where.push(`(u.name ILIKE $${params.push(like)} OR u.email ILIKE $${params.length})`);
    }
    const rows = (await this.db.query(
      `${ACCOUNT_SQL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY u.disabled, u.name, u.id LIMIT 1000`,
      params,
    )) as AccountRow[];
    return rows.map(toAccount);
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<UserAccount> {
    const [row] = (await manager.query(`${ACCOUNT_SQL} WHERE u.id = $1`, [id])) as AccountRow[];
    if (!row) throw new NotFoundException(`user ${id} does not exist`);
    return toAccount(row);
  }

  async create(input: CreateUserDto, actor: AuthUser): Promise<CreateUserResponse> {
    const generated = input.password == null ? generatePassword() : undefined;
    const password = input.password ?? generated!;
    const email = input.email.trim().toLowerCase();
    this.assertStrong(password, 'password', [email, input.name]);
    const passwordHash = await this.hasher.hash(password);
    try {
      const user = await this.db.transaction(async (manager) => {
        const created = await manager.save(
          manager.create(UserEntity, {
            name: input.name.trim(),
            email,
            role: input.role,
            passwordHash,
            passwordChangeRequired: input.requirePasswordChange ?? true,
          }),
        );
        if (created.role === 'agent') await this.makeAgent(manager, created.id);
        await this.audit.record(manager, actor, {
          action: 'user.created',
          target: { type: 'user', id: created.id, label: created.email },
          after: auditView(created),
        });
        return this.get(created.id, manager);
      });
      return { user, ...(generated ? { temporaryPassword: generated } : {}) };
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`a user with e-mail ${email} already exists`);
      throw error;
    }
  }

  async update(id: string, input: UpdateUserDto, actor: AuthUser): Promise<UserAccount> {
    const before = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!before) throw new NotFoundException(`user ${id} does not exist`);
    const roleChanges = input.role !== undefined && input.role !== before.role;
    const disabling = input.disabled === true && !before.disabled;
    if ((roleChanges || disabling) && id === actor.id) {
      throw new ConflictException('you cannot change the role of, or disable, your own account; ask another admin');
    }
    if (before.role === 'admin' && (disabling || roleChanges)) await this.assertAnotherAdmin(id);

    // An agent leaving the work (disabled, or no longer an agent) first hands back what they hold.
    let released: ReleasedWork | null = null;
    if (before.role === 'agent' && (disabling || roleChanges)) {
      released = await this.release.release(id, disabling ? 'account-disabled' : 'role-changed', actor);
    }
    const after = await this.db.transaction(async (manager) => {
      const changes: Partial<UserEntity> = {};
      if (input.name !== undefined && input.name.trim() !== before.name) changes.name = input.name.trim();
      if (roleChanges) changes.role = input.role;
      if (input.disabled !== undefined && input.disabled !== before.disabled) changes.disabled = input.disabled;
      if (Object.keys(changes).length === 0) return before;
      await manager.update(UserEntity, { id }, changes);
      if (roleChanges && before.role === 'agent') await manager.delete(AgentEntity, { userId: id });
      if (roleChanges && input.role === 'agent') await this.makeAgent(manager, id);
      const updated = { ...before, ...changes };
      await this.audit.record(manager, actor, {
        action: 'user.updated',
        target: { type: 'user', id, label: before.email },
        before: auditView(before),
        after: { ...auditView(updated), ...(released ? { releasedWork: released } : {}) },
      });
      return updated;
    });
    if (disabling) await this.sessions.revokeAll(id, 'user-disabled');
    else if (after !== before) await this.sessions.userChanged(id);
    return this.get(id);
  }

  async resetPassword(id: string, input: ResetPasswordDto, actor: AuthUser): Promise<ResetPasswordResponse> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundException(`user ${id} does not exist`);
    const generated = input.password == null ? generatePassword() : undefined;
    const password = input.password ?? generated!;
    this.assertStrong(password, 'password', [user.email, user.name]);
    const passwordHash = await this.hasher.hash(password);
    const passwordChangeRequired = input.requirePasswordChange ?? true;
    await this.db.transaction(async (manager) => {
      await manager.update(UserEntity, { id }, { passwordHash, passwordChangeRequired });
      await this.audit.record(manager, actor, {
        action: 'user.password_reset',
        target: { type: 'user', id, label: user.email },
        before: { passwordChangeRequired: user.passwordChangeRequired },
        after: { passwordChangeRequired, generated: generated !== undefined },
      });
    });
    await this.sessions.revokeAll(id, 'password-reset');
    return {
      result: {
        action: 'user.password_reset',
        target: { type: 'user', id },
        ticket: null,
        at: new Date().toISOString(),
      },
      ...(generated ? { temporaryPassword: generated } : {}),
    };
  }

  /** An admin must stay: refuse to demote or disable the last active one. */
  private async assertAnotherAdmin(id: string): Promise<void> {
    const [{ n }] = (await this.db.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`,
      [id],
    )) as [{ n: number }];
    if (n === 0) throw new ConflictException('this is the last active admin; make another admin first');
  }

  private assertStrong(password: string, field: string, userInputs: string[]): void {
    const weakness = passwordWeakness(password, userInputs);
    if (weakness) throw new BadRequestException([`${field} ${weakness}`]);
  }

  /** A new agent starts offline, in no queue, with the default capacity: an admin assigns queues next. */
  private async makeAgent(manager: EntityManager, userId: string): Promise<void> {
    await manager.insert(AgentEntity, {
      userId,
      capacity: { ...DEFAULT_CAPACITY },
      status: 'offline',
      statusReason: null,
    });
  }
}
