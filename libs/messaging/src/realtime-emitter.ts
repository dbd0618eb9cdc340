import { Emitter } from '@socket.io/redis-emitter';
import type { ServerToClientEvents } from '@switchboard/contracts';
import type { Redis } from 'ioredis';

/** The Socket.IO Redis adapter's channel prefix, per installation (REDIS_PREFIX). */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}:socket.io`;

export type RealtimeEmitter = Emitter<ServerToClientEvents>;

/**
 * Emits to Socket.IO rooms from any process (api or router) through Redis; every api process's
 * adapter delivers to the sockets it holds.
 */
export function createRealtimeEmitter(redis: Redis, redisPrefix: string): RealtimeEmitter {
  return new Emitter<ServerToClientEvents>(redis, { key: socketIoKey(redisPrefix) });
}

export const rooms = {
  agent: (agentId: string) => `agent:${agentId}`,
  user: (userId: string) => `user:${userId}`,
  supervisors: 'supervisors',
  /** Supervisors' sockets showing the agent grid: `metrics.agents` goes only here (it is the heavy frame). */
  agentGrid: 'supervisors:agents',
  queue: (queueKey: string) => `queue:${queueKey}`,
};

/** The metrics engine's latest snapshot (MetricsSnapshot JSON), read by every api process (whose client adds the prefix). */
export const METRICS_SNAPSHOT = 'metrics:snapshot';
export const metricsSnapshotKey = (redisPrefix: string) => `${redisPrefix}:${METRICS_SNAPSHOT}`;
/** Held by the one router process that runs the metrics engine. */
export const metricsLeaderKey = (redisPrefix: string) => `${redisPrefix}:metrics:leader`;
