import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { requireDatabaseUrl, type AppConfig } from '@switchboard/config';
import { dataSourceOptions } from '@switchboard/persistence';
import { LoggerModule } from 'nestjs-pino';
import { ROUTER_CONFIG } from './router-config.js';
import { RedisHealthService } from './redis-health.service.js';

@Module({})
export class RouterModule {
  static forRoot(config: AppConfig): DynamicModule {
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
            poolSize: config.database.poolSize,
            applicationName: 'switchboard-router',
          }),
        ),
      ],
      providers: [{ provide: ROUTER_CONFIG, useValue: config }, RedisHealthService],
    };
  }
}
