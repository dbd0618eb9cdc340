import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { jsonBody } from './common/json-body.middleware.js';
import { createValidationPipe } from './common/validation.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';

const KEEP_ALIVE_MS = 65_000;

/** Builds the configured API application (used by main.ts and by the tests). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of exiting the process, so callers (tests, main.ts) see the error.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // brotli or gzip, as the client accepts, for the console's files and JSON answers; the
  // Socket.IO connection does not pass through it.
  app.use(compression());
  app.use(jsonBody(config.http.bodyLimitBytes));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useWebSocketAdapter(new RedisIoAdapter(app, requireRedisUrl(config), config.redis.prefix));
  // Node closes an idle keep-alive connection after 5 s; a client (or a proxy in front of us,
  // which typically keeps connections 60 s) that reuses it in that instant gets "socket hang up"
  // on a request the server never saw. Outlast the common proxy idle timeouts instead.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  const openApi = new DocumentBuilder()
    .setTitle('Switchboard API')
    .setDescription('Contact-center intake, routing, agent work and live metrics. Socket events: docs/events.md.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
