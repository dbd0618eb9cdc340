import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { requireDatabaseUrl, type AppConfig } from '@switchboard/config';
import { dataSourceOptions } from '@switchboard/persistence';
import { LoggerModule } from 'nestjs-pino';
import { AgentsModule } from './agents/agents.module.js';
import { AuthModule } from './auth/auth.module.js';
import { APP_CONFIG } from './common/app-config.js';
import { pinoOptions } from './common/logging.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { WorkModule } from './work/work.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config, 'api') }),
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: requireDatabaseUrl(config),
            poolSize: config.database.poolSize,
            applicationName: 'switchboard-api',
          }),
        ),
        RedisModule,
        MessagingModule,
        AuthModule,
        HealthModule,
        QueuesModule,
        AgentsModule,
        TicketsModule,
        MetricsModule,
        RealtimeModule,
        WorkModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
