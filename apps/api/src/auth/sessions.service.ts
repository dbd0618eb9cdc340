import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@switchboard/config';
import type { Role, SessionEndedReason } from '@switchboard/contracts';
import { AuthSessionEntity, type SessionEndReason } from '@switchboard/persistence';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { InjectConfig } from '../common/app-config.js';
import { AuthEvents } from './auth-events.js';

/** How long one process trusts what it read of a session and its user: role changes and revocations elsewhere show within this (faster through AuthEvents). */
export const SESSION_CACHE_MS = 2_000;
const CACHE_LIMIT = 50_000;

/** A session and its user as the database has them now. */
export interface SessionState {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  passwordChangeRequired: boolean;
  expiresAtMs: number;
  revokedReason: SessionEndReason | null;
}

export interface NewSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

interface SessionRow {
  id: string;
  user_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: SessionEndReason | null;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  password_change_required: boolean;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Why a session may not be used now, or null when it may. */
export function sessionProblem(state: SessionState | null, nowMs: number): SessionEndedReason | null {
  if (!state) return 'logged-out';
  if (state.disabled) return 'user-disabled';
  if (state.revokedReason) {
    return state.revokedReason === 'password-changed' || state.revokedReason === 'password-reset'
      ? state.revokedReason
      : state.revokedReason === 'user-disabled'
        ? 'user-disabled'
        : 'logged-out';
  }
  if (state.expiresAtMs <= nowMs) return 'session-expired';
  return null;
}

/**
 * Sign-ins: one row per session in PostgreSQL, its refresh secret stored only as a hash. What
 * a session may do is read from its row and its user's row (cached per process for
 * SESSION_CACHE_MS, forgotten at once on an AuthEvent), never from the token.
 */
@Injectable()
export class SessionsService {
  private readonly cache = new Map<string, { state: SessionState | null; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: AuthEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    events.on((event) => {
      if (event.type === 'session.revoked') this.cache.delete(event.sessionId);
      else this.forgetUser(event.userId);
    });
  }

  async create(userId: string, meta: { ip?: string; userAgent?: string }): Promise<NewSession> {
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.auth.sessionTtlSeconds * 1000);
    const [row] = (await this.db.query(
      `INSERT INTO auth_sessions (user_id, refresh_hash, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, sha256(secret), expiresAt, meta.ip?.slice(0, 64) ?? null, meta.userAgent?.slice(0, 300) ?? null],
    )) as { id: string }[];
    // Sessions long over are of no use to anyone: each sign-in sweeps its user's.
    await this.db.query(`DELETE FROM auth_sessions WHERE user_id = $1 AND expires_at < now() - interval '30 days'`, [
      userId,
    ]);
    return { sessionId: row!.id, refreshToken: `${row!.id}.${secret}`, expiresAt };
  }

  /** The session a refresh token names, if the token is its own and the session still usable. */
  async redeem(refreshToken: string): Promise<SessionState> {
    const refused = () => new UnauthorizedException('the session has ended; sign in again');
    const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(
      refreshToken,
    );
    if (!match) throw refused();
    const [, sessionId, secret] = match;
    const [row] = (await this.db.query(`SELECT refresh_hash FROM auth_sessions WHERE id = $1`, [sessionId])) as {
      refresh_hash: string;
    }[];
    if (!row || !timingSafeEqual(Buffer.from(row.refresh_hash), Buffer.from(sha256(secret!)))) throw refused();
    await this.db.query(`UPDATE auth_sessions SET last_used_at = now() WHERE id = $1`, [sessionId]);
    this.cache.delete(sessionId!);
    const state = await this.state(sessionId!);
    if (sessionProblem(state, Date.now())) throw refused();
    return state!;
  }

  /** The session and its user now (cached briefly); null when there is no such session. */
  async state(sessionId: string): Promise<SessionState | null> {
    const now = Date.now();
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > now) return cached.state;
    const [row] = (await this.db.query(
      `SELECT s.id, s.user_id, s.expires_at, s.revoked_at, s.revoked_reason,
              u.name, u.email, u.role, u.disabled, u.password_change_required
         FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    )) as SessionRow[];
    const state: SessionState | null = row
      ? {
          sessionId: row.id,
          userId: row.user_id,
          name: row.name,
          email: row.email,
          role: row.role,
          disabled: row.disabled,
          passwordChangeRequired: row.password_change_required,
          expiresAtMs: row.expires_at.getTime(),
          revokedReason: row.revoked_at ? (row.revoked_reason ?? 'logged-out') : null,
        }
      : null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(sessionId, { state, until: now + SESSION_CACHE_MS });
    return state;
  }

  /** Ends one session everywhere: its access tokens stop at the next check, its refresh token at once. */
  async revoke(sessionId: string, userId: string, reason: SessionEndReason): Promise<void> {
    await this.db
      .getRepository(AuthSessionEntity)
      .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    await this.events.publish({ type: 'session.revoked', sessionId, userId, reason });
  }

  /** Ends every session of a user but `keep` (the one that changed its own password). */
  async revokeAll(userId: string, reason: SessionEndReason, keep?: string): Promise<void> {
    await this.db.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3)`,
      [userId, reason, keep ?? null],
    );
    await this.events.publish({ type: 'user.changed', userId });
  }

  /** A user's role, name, password flag or active state changed: every process re-reads them. */
  userChanged(userId: string): Promise<void> {
    return this.events.publish({ type: 'user.changed', userId });
  }

  private forgetUser(userId: string): void {
    for (const [id, entry] of this.cache) if (entry.state?.userId === userId) this.cache.delete(id);
  }
}
