import type { RedisOptions } from 'bullmq';

/** ioredis options from a redis:// or rediss:// URL, for BullMQ (which wants options, not a URL). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must retry forever rather than fail commands.
    maxRetriesPerRequest: null,
  };
}

/** Anything that emits 'error': ioredis clients, BullMQ queues and workers. */
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Logs an emitter's errors, at most once per 10 s: ioredis emits one per reconnect attempt, and
 * an ioredis client or BullMQ queue with no 'error' listener crashes the process when Redis goes
 * away. Every client the api and router make goes through this.
 */
export function watchRedisErrors<T extends ErrorEmitter>(emitter: T, name: string, warn: (message: string) => void): T {
  let last = 0;
  emitter.on('error', (error: Error) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    warn(`${name}: ${error.message} (retrying)`);
  });
  return emitter;
}
