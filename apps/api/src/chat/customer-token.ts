import { createHash, randomBytes } from 'node:crypto';
import {
  createParamDecorator,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { chatByTokenHash, touchChat, type ChatSessionRow } from '@switchboard/persistence';
import type { AppConfig } from '@switchboard/config';
import { TicketWork } from '@switchboard/work';
import { InjectConfig } from '../common/app-config.js';
import type { FastifyRequest } from 'fastify';

/** Customer tokens say what they are, so a leaked one is recognised (and never taken for a staff token). */
const PREFIX = 'sbc_';
const TOKEN = /^sbc_[A-Za-z0-9_-]{43}$/;

/** A new customer token (256 random bits) and the hash that is stored in its place. */
export function newCustomerToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashCustomerToken(token) };
}

export function hashCustomerToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isCustomerTokenShape(token: unknown): token is string {
  return typeof token === 'string' && TOKEN.test(token);
}

export type ChatRequest = FastifyRequest & { chat?: ChatSessionRow };

/**
 * The chat a customer token opens, or null. A malformed token costs no query; the last-seen time
 * is written at most every few seconds.
 */
@Injectable()
export class CustomerTokens {
  /** How stale `last_seen_at` may get: well inside the time after which a waiting customer has left. */
  readonly touchEverySeconds: number;

  constructor(
    private readonly work: TicketWork,
    @InjectConfig() config: AppConfig,
  ) {
    this.touchEverySeconds = Math.min(15, config.chat.leftAfterSeconds / 3);
  }

  async open(token: unknown): Promise<ChatSessionRow | null> {
    if (!isCustomerTokenShape(token)) return null;
    const chat = await chatByTokenHash(this.work.sql, hashCustomerToken(token));
    if (chat && chat.lastSeenAt.getTime() < Date.now() - this.touchEverySeconds * 1000) {
      await touchChat(this.work.sql, chat.id, this.touchEverySeconds);
    }
    return chat;
  }
}

/**
 * The `/api/chat/*` routes after the session is opened: `Authorization: Bearer <customerToken>`.
 * The token opens its own conversation and nothing else; a staff token is not one (401).
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  constructor(private readonly tokens: CustomerTokens) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ChatRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('Authorization: Bearer <customerToken> header is required');
    const chat = await this.tokens.open(match[1]);
    if (!chat) throw new UnauthorizedException('customer token is invalid');
    request.chat = chat;
    return true;
  }
}

export const CurrentChat = createParamDecorator((_: unknown, ctx: ExecutionContext): ChatSessionRow => {
  const chat = ctx.switchToHttp().getRequest<ChatRequest>().chat;
  if (!chat) throw new Error('CurrentChat used on a route without CustomerTokenGuard');
  return chat;
});
