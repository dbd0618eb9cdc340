import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import { watchRedisErrors } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { ROUTER_CONFIG } from './router-config.js';

/**
 * Connects to Redis at start-up and warns loudly when keys may be evicted: BullMQ keeps
 * waiting tickets and timers there, and an evicting Redis silently drops them.
 */
@Injectable()
export class RedisHealthService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Router');
  private readonly redis: Redis;

  constructor(@Inject(ROUTER_CONFIG) config: AppConfig) {
    this.redis = watchRedisErrors(
      new Redis(requireRedisUrl(config), { maxRetriesPerRequest: 2, lazyConnect: true }),
      'health client',
      (message) => this.logger.warn(message),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
    const policy = await this.evictionPolicy();
    if (policy !== 'noeviction') {
      this.logger.warn(
        `Redis maxmemory-policy is '${policy}', not 'noeviction': under memory pressure Redis may drop routing ` +
          `jobs and timers. Set 'maxmemory-policy noeviction' (the reconciler repairs losses, but only every cycle).`,
      );
    }
    this.logger.log('router connected to PostgreSQL and Redis; routing jobs are being processed');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async evictionPolicy(): Promise<string> {
    try {
      const reply = (await this.redis.config('GET', 'maxmemory-policy')) as string[];
      return reply[1] ?? 'unknown';
    } catch {
      return 'unknown (CONFIG GET refused)';
    }
  }
}
