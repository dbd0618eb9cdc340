import { Emitter } from '@socket.io/redis-emitter';
import type { ServerToClientEvents } from '@switchboard/contracts';
import type { Redis } from 'ioredis';

/** The Socket.IO Redis adapter's channel prefix, per installation (REDIS_PREFIX). */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}:socket.io`;

export type RealtimeEmitter = Emitter<ServerToClientEvents>;

/**
 * Emits to Socket.IO rooms from any process (api or router) through Redis; every api process's
 * adapter delivers to the sockets it holds. The emitter publishes without waiting for or
 * handling the answer, so it gets a client whose failed publishes are reported, not left as
 * unhandled rejections that would end the process while Redis is away (a lost push is repaired
 * by the next one and by every client's reload on reconnect).
 */
export function createRealtimeEmitter(
  redis: Redis,
  redisPrefix: string,
  warn: (message: string) => void,
): RealtimeEmitter {
  let lastWarning = 0;
  const publisher = {
    publish: (channel: string, message: string | Buffer) =>
      redis.publish(channel, message).catch((error: unknown) => {
        if (Date.now() - lastWarning < 10_000) return 0;
        lastWarning = Date.now();
        warn(`socket push not sent (Redis): ${String(error)}`);
        return 0;
      }),
  };
  return new Emitter<ServerToClientEvents>(publisher, { key: socketIoKey(redisPrefix) });
}

export const rooms = {
  agent: (agentId: string) => `agent:${agentId}`,
  user: (userId: string) => `user:${userId}`,
  supervisors: 'supervisors',
  /** Supervisors' sockets showing the agent grid: `metrics.agents` goes only here (it is the heavy frame). */
  agentGrid: 'supervisors:agents',
  queue: (queueKey: string) => `queue:${queueKey}`,
  /** The customer's sockets of one chat ticket, in the /chat namespace (no staff socket is ever there). */
  chat: (ticketId: string) => `chat:${ticketId}`,
};

/** The metrics engine's latest snapshot (MetricsSnapshot JSON), read by every api process (whose client adds the prefix). */
export const METRICS_SNAPSHOT = 'metrics:snapshot';
export const metricsSnapshotKey = (redisPrefix: string) => `${redisPrefix}:${METRICS_SNAPSHOT}`;
/** Held by the one router process that runs the metrics engine. */
export const metricsLeaderKey = (redisPrefix: string) => `${redisPrefix}:metrics:leader`;
