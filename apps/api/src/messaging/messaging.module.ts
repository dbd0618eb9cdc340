import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  createRealtimeEmitter,
  redisOptionsFromUrl,
  ROUTING_QUEUE,
  watchRedisErrors,
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

const logger = new Logger('Effects');

/** How long a request waits for Redis to take its jobs before it answers without them. */
export const FLUSH_TIMEOUT_MS = 2_000;

/** Performs what a committed transaction decided: routing jobs and socket events. */
@Injectable()
export class Effects {
  constructor(
    @InjectQueue(ROUTING_QUEUE) private readonly queue: Queue,
    @Inject(REALTIME_EMITTER) private readonly emitter: RealtimeEmitter,
  ) {
    watchRedisErrors(queue, 'routing queue', (message) => logger.warn(message));
  }

  /**
   * Queues the jobs and pushes the events of a committed change, waiting at most
   * FLUSH_TIMEOUT_MS for Redis. It never fails the request: the change is committed and must be
   * answered as done (a client told 503 would retry it). While Redis is away BullMQ keeps trying
   * on its own, and the reconciler re-creates from PostgreSQL any job that never lands
   * (DESIGN.md, invariant 1); clients reload what they show on reconnect.
   */
  async flush(effects: AfterCommit): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const flushing = effects.flush(this.queue, this.emitter);
    try {
      await Promise.race([
        flushing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not take them within ${FLUSH_TIMEOUT_MS} ms`)),
            FLUSH_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      logger.warn(`a committed change's routing jobs wait for Redis or the reconciler: ${String(error)}`);
    } finally {
      clearTimeout(timer);
      flushing.catch(() => undefined);
    }
  }
}

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
      useFactory: (redis: Redis) =>
        watchRedisErrors(redis.duplicate({ keyPrefix: '' }), 'socket emitter', (message) => logger.warn(message)),
    },
    {
      provide: REALTIME_EMITTER,
      inject: [EMITTER_REDIS, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig) =>
        createRealtimeEmitter(redis, config.redis.prefix, (message) => logger.warn(message)),
    },
    EmitterShutdown,
    Effects,
    InlineClaims,
  ],
  exports: [Effects, InlineClaims, BullModule],
})
export class MessagingModule {}
