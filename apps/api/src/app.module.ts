import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TypeOrmModule } from '@nestjs/typeorm';
import { requireDatabaseUrl, type AppConfig } from '@switchboard/config';
import { dataSourceOptions } from '@switchboard/persistence';
import { LoggerModule } from 'nestjs-pino';
import { AgentsModule } from './agents/agents.module.js';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { APP_CONFIG } from './common/app-config.js';
import { pinoOptions } from './common/logging.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OffersModule } from './offers/offers.module.js';
import { UsersModule } from './users/users.module.js';

/** The console build, served at `/` with every unknown path answered by its index.html (client routes). */
function consoleModule(config: AppConfig): DynamicModule[] {
  const dir = resolve(config.consoleDir ?? join(import.meta.dirname, '..', '..', 'console', 'dist'));
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('Console').warn(`no console build in ${dir}: the API runs without the browser console`);
    return [];
  }
  return [
    ServeStaticModule.forRoot({
      rootPath: dir,
      exclude: ['/api/{*path}', '/socket.io/{*path}'],
      serveStaticOptions: { index: false, maxAge: '1h' },
    }),
  ];
}

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
        RateLimitsModule,
        MessagingModule,
        AccessModule,
        AuditModule,
        AuthModule,
        HealthModule,
        QueuesModule,
        AgentsModule,
        TicketsModule,
        CustomersModule,
        MetricsModule,
        RealtimeModule,
        OffersModule,
        UsersModule,
        ...consoleModule(config),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
