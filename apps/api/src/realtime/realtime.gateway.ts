import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { AfterCommit, PRESENCE_HEARTBEAT_MS, presenceKey, rooms, routingJobs } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { InjectConfig } from '../common/app-config.js';
import { Effects } from '../messaging/messaging.module.js';
import { InjectRedis } from '../redis/redis.module.js';
import type {
  ClientToServerEvents,
  MetricsSnapshot,
  RoomJoinResult,
  ServerToClientEvents,
} from '@switchboard/contracts';
import { ROLES } from '@switchboard/contracts';
import { Roles } from '../auth/auth.decorators.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth.decorators.js';
import { TokenService } from '../auth/token.service.js';

interface SocketData {
  user: AuthUser;
  expiresAtMs: number;
  /** An agent's queues: the `queue:{key}` rooms they may join. */
  queues: string[];
}
type SwitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SwitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Sockets are re-checked this often: an expired token or a disabled user is cut off within it (+ the 5 s user cache). */
export const SESSION_SWEEP_MS = 15_000;

const WATCHERS = new Set(['supervisor', 'admin']);

/** Whether a user may be in a room: their own rooms, the supervisors' rooms for watchers, `queue:{key}` for their queues. */
export function mayJoin(user: AuthUser, agentQueues: readonly string[], room: string): boolean {
  if (room === `user:${user.id}`) return true;
  if (room === `agent:${user.id}`) return user.role === 'agent';
  if (room === rooms.supervisors || room === rooms.agentGrid) return WATCHERS.has(user.role);
  if (room.startsWith('queue:')) return WATCHERS.has(user.role) || agentQueues.includes(room.slice('queue:'.length));
  return false;
}

/** Rooms a user joins on connect: their own, their queues' for agents, and the supervisors' room for roles that watch queues. */
export function roomsFor(user: AuthUser, agentQueues: readonly string[] = []): string[] {
  const joined = [rooms.user(user.id)];
  if (user.role === 'agent') joined.push(rooms.agent(user.id), ...agentQueues.map(rooms.queue));
  if (WATCHERS.has(user.role)) joined.push(rooms.supervisors);
  return joined;
}

/**
 * The Socket.IO gateway. The handshake carries the same bearer token as the REST API
 * (`auth: { token }`); a connection without a valid one is refused before it is established.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: SwitchboardServer;

  private heartbeat?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly tokens: TokenService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
    private readonly effects: Effects,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.sweeper);
  }

  afterInit(server: SwitchboardServer): void {
    // Agents' presence: each live socket refreshes its entry, so a dead api process's entries age out.
    this.heartbeat = setInterval(() => void this.refreshPresence(server), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
    this.sweeper = setInterval(() => void this.sweepSessions(server), SESSION_SWEEP_MS);
    this.sweeper.unref();
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.authenticate(socket, token).then(
        (error) => next(error ?? undefined),
        (error: unknown) => {
          this.logger.error(error);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  /** Verifies the handshake token and loads what the socket's rooms depend on; an Error refuses it. */
  private async authenticate(socket: SwitchboardSocket, token: string): Promise<Error | null> {
    const session = await this.tokens.verifySession(token);
    if (!session) return new Error('unauthorized: token is invalid or expired');
    socket.data.user = session.user;
    socket.data.expiresAtMs = session.expiresAtMs;
    socket.data.queues = session.user.role === 'agent' ? await this.agentQueues(session.user.id) : [];
    return null;
  }

  async handleConnection(socket: SwitchboardSocket): Promise<void> {
    const { user } = socket.data;
    const joined = roomsFor(user, socket.data.queues);
    await socket.join(joined);
    if (user.role === 'agent') await this.redis.zadd(presenceKey(user.id), Date.now(), socket.id);
    socket.emit('session.ready', { user, rooms: joined });
    if (joined.includes(rooms.supervisors)) await this.sendSnapshot(socket, 'queues');
  }

  /** A supervisor's client saw a gap in `seq` (or reconnected): the latest figures, now. */
  @Roles(...ROLES)
  @SubscribeMessage('metrics.snapshot')
  async snapshot(@ConnectedSocket() socket: SwitchboardSocket): Promise<MetricsSnapshot | { error: string }> {
    if (!WATCHERS.has(socket.data.user.role)) return { error: 'forbidden: metrics are for supervisors and admins' };
    return this.metrics.latest();
  }

  @Roles(...ROLES)
  @SubscribeMessage('rooms.join')
  async joinRoom(@ConnectedSocket() socket: SwitchboardSocket, @MessageBody() room: unknown): Promise<RoomJoinResult> {
    if (typeof room !== 'string' || room.length === 0 || room.length > 100)
      return { ok: false, error: 'room must be a non-empty string' };
    if (!mayJoin(socket.data.user, socket.data.queues, room))
      return { ok: false, error: `forbidden: a ${socket.data.user.role} may not join ${room}` };
    await socket.join(room);
    if (room === rooms.supervisors) await this.sendSnapshot(socket, 'queues');
    if (room === rooms.agentGrid) await this.sendSnapshot(socket, 'agents');
    return { ok: true, room };
  }

  @Roles(...ROLES)
  @SubscribeMessage('rooms.leave')
  async leaveRoom(@ConnectedSocket() socket: SwitchboardSocket, @MessageBody() room: unknown): Promise<RoomJoinResult> {
    if (typeof room !== 'string' || room.length === 0 || room.length > 100)
      return { ok: false, error: 'room must be a non-empty string' };
    const { user } = socket.data;
    if (room === rooms.user(user.id) || room === rooms.agent(user.id))
      return { ok: false, error: `${room} is the user's own room and cannot be left` };
    await socket.leave(room);
    return { ok: true, room };
  }

  /** The latest pushed figures to one socket that just joined: the queue tiles or the agent grid. */
  private async sendSnapshot(socket: SwitchboardSocket, part: 'queues' | 'agents'): Promise<void> {
    let snapshot: MetricsSnapshot;
    try {
      snapshot = await this.metrics.latest();
    } catch (error) {
      // The board gets the next push instead; the connection itself is fine.
      this.logger.warn(`metrics snapshot for a new socket failed: ${String(error)}`);
      return;
    }
    if (part === 'queues') socket.emit('metrics.queues', snapshot.queues, snapshot.meta);
    else if (snapshot.agents) socket.emit('metrics.agents', snapshot.agents, snapshot.meta);
  }

  private async agentQueues(agentId: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id WHERE aq.agent_id = $1 ORDER BY q.key`,
      [agentId],
    )) as { key: string }[];
    return rows.map((r) => r.key);
  }

  /** An agent added to or removed from a queue hears that queue's counts from the next sweep on. */
  private async refreshQueueRooms(socket: SwitchboardSocket): Promise<void> {
    const now = await this.agentQueues(socket.data.user.id);
    for (const q of socket.data.queues.filter((k) => !now.includes(k))) await socket.leave(`queue:${q}`);
    for (const q of now.filter((k) => !socket.data.queues.includes(k))) await socket.join(`queue:${q}`);
    socket.data.queues = now;
  }

  /** Closes sockets whose token has expired or whose user was disabled since they connected. */
  private async sweepSessions(server: SwitchboardServer): Promise<void> {
    const now = Date.now();
    for (const socket of server.sockets.sockets.values()) {
      const data = socket.data as Partial<SocketData>;
      if (!data.user) continue;
      let reason: 'token-expired' | 'user-disabled' | null = null;
      if ((data.expiresAtMs ?? Infinity) <= now) reason = 'token-expired';
      else if (!(await this.tokens.isActive(data.user.id).catch(() => true))) reason = 'user-disabled';
      if (reason) {
        socket.emit('session.ended', { reason });
        socket.disconnect(true);
      } else if (data.user.role === 'agent') {
        await this.refreshQueueRooms(socket as SwitchboardSocket).catch(() => undefined);
      }
    }
  }

  /** An agent's socket closed: if none is back within the grace period, the router sets them offline. */
  async handleDisconnect(socket: SwitchboardSocket): Promise<void> {
    const user = (socket.data as Partial<SocketData>).user;
    if (user?.role !== 'agent') return;
    await this.redis.zrem(presenceKey(user.id), socket.id);
    await this.effects.flush(
      new AfterCommit().job(routingJobs.presenceCheck(user.id, this.config.routing.disconnectGraceSeconds)),
    );
  }

  private async refreshPresence(server: SwitchboardServer): Promise<void> {
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const socket of server.sockets.sockets.values()) {
      const user = (socket.data as Partial<SocketData>).user;
      if (user?.role === 'agent') pipeline.zadd(presenceKey(user.id), now, socket.id);
    }
    await pipeline.exec().catch((error: unknown) => this.logger.warn(`presence refresh failed: ${String(error)}`));
  }

  /** The one way the server pushes to clients. */
  emitTo<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    this.server.to(room).emit(event, ...payload);
  }
}
