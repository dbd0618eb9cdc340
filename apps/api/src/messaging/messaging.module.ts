import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  createRealtimeEmitter,
  redisOptionsFromUrl,
  ROUTING_QUEUE,
  RoutingBoard,
  watchRedisErrors,
  type RealtimeEmitter,
} from '@switchboard/messaging';
import { poolOf } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/app-config.js';
import { REDIS } from '../redis/redis.module.js';

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

/**
 * Performs what a committed change decided that is not a ticket's unit of work (an agent's new
 * queues, a socket's presence check): its jobs and socket events, as TicketWork does for units of work.
 */
@Injectable()
export class Effects {
  constructor(private readonly work: TicketWork) {}

  flush(effects: AfterCommit): Promise<void> {
    return this.work.flush(effects);
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
    {
      provide: TicketWork,
      inject: [getDataSourceToken(), getQueueToken(ROUTING_QUEUE), REALTIME_EMITTER, EMITTER_REDIS, APP_CONFIG],
      useFactory: (db: DataSource, queue: Queue, emitter: RealtimeEmitter, redis: Redis, config: AppConfig) => {
        watchRedisErrors(queue, 'routing queue', (message) => logger.warn(message));
        return new TicketWork({
          pool: poolOf(db),
          queue,
          emitter,
          board: new RoutingBoard(redis, config.redis.prefix),
          routing: config.routing,
          warn: (message) => logger.warn(message),
          flushTimeoutMs: FLUSH_TIMEOUT_MS,
        });
      },
    },
    EmitterShutdown,
    Effects,
  ],
  exports: [Effects, TicketWork, BullModule, REALTIME_EMITTER],
})
export class MessagingModule {}
