import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../common/app-config.js';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client for the process (health, presence; BullMQ keeps its own). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Redis(requireRedisUrl(config), {
          keyPrefix: `${config.redis.prefix}:`,
          maxRetriesPerRequest: 2,
          connectTimeout: 5_000,
        }),
    },
    RedisShutdown,
  ],
  exports: [REDIS],
})
export class RedisModule {}
