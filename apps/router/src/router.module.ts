import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { requireDatabaseUrl, requireRedisUrl, type AppConfig } from '@switchboard/config';
import {
  createRealtimeEmitter,
  redisOptionsFromUrl,
  ROUTING_QUEUE,
  RoutingBoard,
  watchRedisErrors,
  type RealtimeEmitter,
} from '@switchboard/messaging';
import { dataSourceOptions, poolOf } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { MetricsService } from './metrics/metrics.service.js';
import { RedisHealthService } from './redis-health.service.js';
import { REALTIME_EMITTER, ROUTER_CONFIG, ROUTER_REDIS } from './router-config.js';
import { ReconcilerService } from './routing/reconciler.service.js';
import { RoutingProcessor } from './routing/routing.processor.js';
import { RoutingService } from './routing/routing.service.js';

const logger = new Logger('Redis');
const warn = (message: string) => logger.warn(message);

@Injectable()
class RouterRedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(ROUTER_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Module({})
export class RouterModule {
  static forRoot(config: AppConfig): DynamicModule {
    const redisUrl = requireRedisUrl(config);
    return {
      module: RouterModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: 'router',
            level: config.log.level,
            transport:
              config.log.format === 'pretty'
                ? {
                    target: 'pino-pretty',
                    options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
                  }
                : undefined,
          },
        }),
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: requireDatabaseUrl(config),
            poolSize: Math.max(config.database.poolSize, config.routing.concurrency + 4),
            applicationName: 'switchboard-router',
          }),
        ),
        BullModule.forRoot({ connection: redisOptionsFromUrl(redisUrl), prefix: config.redis.prefix }),
        BullModule.registerQueue({ name: ROUTING_QUEUE }),
      ],
      providers: [
        { provide: ROUTER_CONFIG, useValue: config },
        {
          provide: ROUTER_REDIS,
          useFactory: () => watchRedisErrors(new Redis(redisUrl, { maxRetriesPerRequest: 2 }), 'router client', warn),
        },
        {
          provide: REALTIME_EMITTER,
          inject: [ROUTER_REDIS],
          useFactory: (redis: Redis) => createRealtimeEmitter(redis, config.redis.prefix, warn),
        },
        {
          provide: TicketWork,
          inject: [getDataSourceToken(), getQueueToken(ROUTING_QUEUE), REALTIME_EMITTER, ROUTER_REDIS],
          useFactory: (db: DataSource, queue: Queue, emitter: RealtimeEmitter, redis: Redis) =>
            new TicketWork({
              pool: poolOf(db),
              queue: watchRedisErrors(queue, 'routing queue', warn),
              emitter,
              board: new RoutingBoard(redis, config.redis.prefix),
              routing: config.routing,
              warn,
            }),
        },
        RouterRedisShutdown,
        RedisHealthService,
        RoutingService,
        RoutingProcessor,
        ReconcilerService,
        MetricsService,
      ],
    };
  }
}
