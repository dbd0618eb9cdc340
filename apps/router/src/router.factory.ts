import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@switchboard/config';
import { Logger } from 'nestjs-pino';
import { RouterModule } from './router.module.js';

/** Builds and starts the router process (used by main.ts and the tests). */
export async function createRouter(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(RouterModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
