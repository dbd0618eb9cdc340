import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { socketIoKey, watchRedisErrors } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO over Redis pub/sub: an event emitted by any api or router process reaches the
 * socket on whichever api process holds it.
 */
export class RedisIoAdapter extends IoAdapter {
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly redisPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    const logger = new Logger('Redis');
    const warn = (message: string) => logger.warn(message);
    this.pub = watchRedisErrors(new Redis(this.redisUrl, { maxRetriesPerRequest: null }), 'Socket.IO adapter', warn);
    this.sub = watchRedisErrors(this.pub.duplicate(), 'Socket.IO adapter (subscriber)', warn);
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoKey(this.redisPrefix) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }
}
