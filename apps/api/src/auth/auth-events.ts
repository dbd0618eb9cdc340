import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { watchRedisErrors } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { InjectConfig } from '../common/app-config.js';
import { InjectRedis } from '../redis/redis.module.js';

/** A change every api process must apply at once: forget cached sessions, re-check sockets. */
export type AuthEvent =
  | { type: 'user.changed'; userId: string }
  | { type: 'session.revoked'; sessionId: string; userId: string; reason: string };

/**
 * Tells every api process about sign-in changes (a role, a disabled user, a logout) over Redis
 * pub/sub, so they take effect on REST and sockets within milliseconds. Pub/sub is the fast path
 * only: if a message is lost (Redis down), the session cache expires within seconds and the
 * socket sweep finds the change on its own.
 */
@Injectable()
export class AuthEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuthEvents.name);
  private readonly local = new EventEmitter();
  private readonly channel: string;
  /** Marks this process's own messages, which it has applied already. */
  private readonly origin = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(@InjectRedis() redis: Redis, @InjectConfig() config: AppConfig) {
    this.channel = `${config.redis.prefix}:auth-events`;
    this.publisher = redis.duplicate({ keyPrefix: '' });
    this.subscriber = redis.duplicate({ keyPrefix: '' });
    for (const client of [this.publisher, this.subscriber]) {
      watchRedisErrors(client, 'auth events', (message) => this.logger.warn(message));
    }
    this.local.setMaxListeners(20);
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const { origin, event } = JSON.parse(message) as { origin: string; event: AuthEvent };
        if (origin !== this.origin) this.local.emit('event', event);
      } catch {
        this.logger.warn('ignored an auth event that is not JSON');
      }
    });
    // Resubscribed by ioredis after every reconnect. A failure here must not stop the api: the
    // caches and the sweep still apply every change, only seconds later.
    await this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      this.logger.warn(`could not subscribe to auth events yet: ${String(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  /** Applies the event here at once, then tells the other processes (best effort). */
  async publish(event: AuthEvent): Promise<void> {
    this.local.emit('event', event);
    await this.publisher
      .publish(this.channel, JSON.stringify({ origin: this.origin, event }))
      .catch((error: unknown) => {
        this.logger.warn(`auth event not published (others apply it within seconds): ${String(error)}`);
      });
  }

  on(listener: (event: AuthEvent) => void): void {
    this.local.on('event', (event: AuthEvent) => {
      try {
        listener(event);
      } catch (error) {
        this.logger.error(`auth event listener failed: ${String(error)}`);
      }
    });
  }
}
