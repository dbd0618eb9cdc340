import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import { watchRedisErrors } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../common/app-config.js';

export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

const logger = new Logger('Redis');

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
        watchRedisErrors(
          new Redis(requireRedisUrl(config), {
            keyPrefix: `${config.redis.prefix}:`,
            // Fail a command fast while Redis is away: the request answers 503 instead of waiting.
            maxRetriesPerRequest: 1,
            connectTimeout: 5_000,
          }),
          'shared client',
          (message) => logger.warn(message),
        ),
    },
    RedisShutdown,
  ],
  exports: [REDIS],
})
export class RedisModule {}
