import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  createRealtimeEmitter,
  redisOptionsFromUrl,
  ROUTING_QUEUE,
  type RealtimeEmitter,
} from '@switchboard/messaging';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../common/app-config.js';
import { REDIS } from '../redis/redis.module.js';
import { InlineClaims } from './inline-claims.js';

export const REALTIME_EMITTER = Symbol('REALTIME_EMITTER');
const EMITTER_REDIS = Symbol('EMITTER_REDIS');

@Injectable()
class EmitterShutdown implements OnApplicationShutdown {
  constructor(@Inject(EMITTER_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Performs what a committed transaction decided: routing jobs and socket events. */
@Injectable()
export class Effects {
  constructor(
    @InjectQueue(ROUTING_QUEUE) private readonly queue: Queue,
    @Inject(REALTIME_EMITTER) private readonly emitter: RealtimeEmitter,
  ) {}

  flush(effects: AfterCommit): Promise<void> {
    return effects.flush(this.queue, this.emitter);
  }
}

/** The api only produces routing jobs; the router process consumes them. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisOptionsFromUrl(requireRedisUrl(config)),
        prefix: config.redis.prefix,
      }),
    }),
    BullModule.registerQueue({ name: ROUTING_QUEUE }),
  ],
  providers: [
    {
      provide: EMITTER_REDIS,
      inject: [REDIS],
      // The emitter publishes only; it must not inherit the shared client's key prefix.
      useFactory: (redis: Redis) => redis.duplicate({ keyPrefix: '' }),
    },
    {
      provide: REALTIME_EMITTER,
      inject: [EMITTER_REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) => createRealtimeEmitter(redis, config.redis.prefix),
    },
    EmitterShutdown,
    Effects,
    InlineClaims,
  ],
  exports: [Effects, InlineClaims, BullModule],
})
export class MessagingModule {}
