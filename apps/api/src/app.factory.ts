import 'reflect-metadata';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import helmet from 'helmet';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import type { Express } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import { openApiDocument } from './common/openapi-document.js';
import { jsonBody, rejectNulInUrl } from './common/request-guards.js';
import { createValidationPipe } from './common/validation.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';

const KEEP_ALIVE_MS = 65_000;

/** `trust proxy` from TRUST_PROXY: a hop count, true/false, or Express's names and addresses. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

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
  app.set('trust proxy', trustProxy(config.http.trustProxy));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // The console and Swagger UI load only their own files; both set styles inline (Mantine,
          // uPlot, Swagger UI), and Swagger UI draws icons from data: URIs.
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          // Plain http on 127.0.0.1 must keep working for `npm start`; TLS is the proxy's job.
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  // brotli or gzip, as the client accepts, for the console's files and JSON answers; the
  // Socket.IO connection does not pass through it.
  app.use(compression());
  app.use(rejectNulInUrl());
  app.use(jsonBody(config.http.bodyLimitBytes));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.getHttpAdapter().getInstance() as Express));
  app.useWebSocketAdapter(new RedisIoAdapter(app, requireRedisUrl(config), config.redis.prefix));
  // Node closes an idle keep-alive connection after 5 s; a client (or a proxy in front of us,
  // which typically keeps connections 60 s) that reuses it in that instant gets "socket hang up"
  // on a request the server never saw. Outlast the common proxy idle timeouts instead.
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  if (config.http.apiDocs) {
    SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
