import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { InjectConfig } from '../common/app-config.js';
import { RateLimits, type LimitSpec } from '../rate-limits/rate-limits.js';
import type { ChatRequest } from './customer-token.js';

/**
 * The chat's limits, counted in Redis so they hold across api processes: every /api/chat
 * request per address; new conversations per address; messages per conversation. Run after
 * CustomerTokenGuard where a conversation is counted.
 */
@Injectable()
export class ChatLimits {
  readonly requests: LimitSpec;
  readonly sessions: LimitSpec;
  readonly messages: LimitSpec;

  constructor(
    private readonly limits: RateLimits,
    @InjectConfig() config: AppConfig,
  ) {
    this.requests = { name: 'chat-requests', points: config.chat.requestsPerIpPerMinute, windowSeconds: 60 };
    this.sessions = { name: 'chat-sessions', points: config.chat.sessionsPerIpPerMinute, windowSeconds: 60 };
    this.messages = { name: 'chat-messages', points: config.chat.messagesPerMinute, windowSeconds: 60 };
  }

  request(ip: string): Promise<void> {
    return this.limits.consume(this.requests, ip);
  }

  session(ip: string): Promise<void> {
    return this.limits.consume(this.sessions, ip, 'new chats from this address');
  }

  message(chatId: string): Promise<void> {
    return this.limits.consume(this.messages, chatId, 'messages in this chat');
  }
}

/** Every /api/chat request counts against its address. */
@Injectable()
export class ChatRequestLimitGuard implements CanActivate {
  constructor(private readonly limits: ChatLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.request(context.switchToHttp().getRequest<ChatRequest>().ip);
    return true;
  }
}

/** New chats count against their address before anything else is read: a flood costs Redis only. */
@Injectable()
export class ChatSessionLimitGuard implements CanActivate {
  constructor(private readonly limits: ChatLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limits.session(context.switchToHttp().getRequest<ChatRequest>().ip);
    return true;
  }
}
