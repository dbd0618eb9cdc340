import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { requireRedisUrl, type AppConfig } from '@switchboard/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ChatOrigins } from './chat/chat-origins.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import { RouteTable } from './common/method-not-allowed.js';
import { openApiDocument } from './common/openapi-document.js';
import { trustProxy } from './common/client-address.js';
import { guardRequests } from './common/request-guards.js';
import { createValidationPipe } from './common/validation.js';
import { RedisIoAdapter } from './realtime/redis-io.adapter.js';

const KEEP_ALIVE_MS = 65_000;

/**
 * The console build: its files as they are (cached an hour: their names carry their content's
 * hash), and its index.html for any other page the browser asks for, which the console routes
 * itself. Returns that fallback for the exception filter (Nest answers unknown paths there), or
 * null without a build.
 */
async function serveConsole(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<((req: FastifyRequest, reply: FastifyReply) => boolean) | null> {
  const dir = resolve(config.consoleDir ?? join(import.meta.dirname, '..', '..', 'console', 'dist'));
  if (!existsSync(join(dir, 'index.html'))) {
    new NestLogger('Console').warn(`no console build in ${dir}: the API runs without the browser console`);
    return null;
  }
  await app.register(fastifyStatic, { root: dir, wildcard: false, index: false, maxAge: '1h' });
  return (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = req.url.split('?')[0]!.toLowerCase();
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io/')) return false;
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  };
}

/**
 * The customer's web chat: its files under /chat/ (cached: hashed names), the page at /chat
 * (framable by the queue's listed sites only) and the launcher at /widget.js. Nothing without a
 * build.
 */
async function serveWebchat(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const dir = resolve(config.webchatDir ?? join(import.meta.dirname, '..', '..', 'webchat', 'dist'));
  if (!existsSync(join(dir, 'index.html'))) {
    new NestLogger('Webchat').warn(`no web chat build in ${dir}: /chat and /widget.js are not served`);
    return;
  }
  const page = readFileSync(join(dir, 'index.html'));
  const widget = readFileSync(join(dir, 'widget.js'));
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/chat/',
    wildcard: false,
    index: false,
    maxAge: '1h',
    decorateReply: false,
  });
  const origins = app.get(ChatOrigins);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.get('/chat', async (req, reply) => {
    const queue = (req.query as Record<string, unknown>).queue;
    const listed =
      typeof queue === 'string' && /^[a-z0-9][a-z0-9_-]{0,63}$/.test(queue) ? await origins.ofQueue(queue) : [];
    // Framed by the widget on the queue's own sites; by no one else.
    const csp = String(reply.getHeader('content-security-policy') ?? '').replace(
      /frame-ancestors [^;]*/,
      `frame-ancestors 'self'${listed.map((o) => ` ${o}`).join('')}`,
    );
    return reply
      .header('content-security-policy', csp)
      .header('cache-control', 'no-cache')
      .type('text/html')
      .send(page);
  });
  // A survey link (`/survey/:token`) opens the same small app, which asks the API about the token.
  fastify.get('/survey/:token', (_req, reply) =>
    reply.header('cache-control', 'no-cache').type('text/html').send(page),
  );
  fastify.get('/widget.js', (_req, reply) =>
    reply
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .type('text/javascript')
      .send(widget),
  );
}

/**
 * CORS for the customer's chat only, and only for origins some queue lists (the widget on
 * another site): each call still checks its own queue. Staff routes never answer other origins.
 */
function allowChatOrigins(app: NestFastifyApplication): void {
  const origins = app.get(ChatOrigins);
  app.enableCors({
    delegator: async (req: FastifyRequest) => {
      const origin = req.headers.origin;
      const path = req.url.toLowerCase();
      if (!origin || !(path.startsWith('/api/chat/') || path.startsWith('/api/surveys/'))) return { origin: false };
      const allowed = await origins.anyQueueAllows(origin).catch(() => false);
      return allowed
        ? { origin, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 }
        : { origin: false };
    },
  });
}

/** Builds the configured API application (used by main.ts and by the tests). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    // Fastify takes a hop count too (its options' type here leaves it out).
    trustProxy: trustProxy(config.http.trustProxy) as boolean | string,
    bodyLimit: config.http.bodyLimitBytes,
    // Node closes an idle keep-alive connection after 5 s; a client (or a proxy in front of us,
    // which typically keeps connections 60 s) that reuses it in that instant gets "socket hang
    // up" on a request the server never saw. Outlast the common proxy idle timeouts instead.
    keepAliveTimeout: KEEP_ALIVE_MS,
    // As the API always took them: /api/tickets/ is /api/tickets, and paths are not case-sensitive.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
  });
  const routes = new RouteTable(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of exiting the process, so callers (tests, main.ts) see the error.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.register(fastifyHelmet, {
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
  });
  // brotli or gzip, as the client accepts, for the console's files and JSON answers; the
  // Socket.IO connection does not pass through it.
  await app.register(fastifyCompress);
  guardRequests(adapter.getInstance(), config.http.bodyLimitBytes);
  // Multipart forms, on the upload routes only (guardRequests refuses them elsewhere); the file's
  // own limit is checked as it streams in (AttachmentsService), the rest of the form is small.
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 4, fieldSize: 48 * 1024, parts: 6 },
  });
  allowChatOrigins(app);
  await serveWebchat(app, config);
  const spa = await serveConsole(app, config);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(routes, config.http.bodyLimitBytes, spa));
  app.useWebSocketAdapter(new RedisIoAdapter(app, requireRedisUrl(config), config.redis.prefix));
  const server = app.getHttpServer() as Server;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;

  if (config.http.apiDocs) {
    SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
