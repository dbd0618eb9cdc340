import { Module, type DynamicModule } from '@nestjs/common';
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
import { QaModule } from './qa/qa.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { EmailModule } from './email/email.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { AttachmentsModule } from './attachments/attachments.module.js';
import { ChatModule } from './chat/chat.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OffersModule } from './offers/offers.module.js';
import { UsersModule } from './users/users.module.js';

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
        AttachmentsModule,
        ConversationsModule,
        ChatModule,
        SurveysModule,
        QaModule,
        WebhooksModule,
        EmailModule,
        CustomersModule,
        MetricsModule,
        RealtimeModule,
        OffersModule,
        UsersModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
