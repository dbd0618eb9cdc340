import { Logger } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@switchboard/config';
import { AfterCommit, PRESENCE_HEARTBEAT_MS, presenceKey, routingJobs } from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { InjectConfig } from '../common/app-config.js';
import { Effects } from '../messaging/messaging.module.js';
import { InjectRedis } from '../redis/redis.module.js';
import type { ClientToServerEvents, ServerToClientEvents } from '@switchboard/contracts';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth.decorators.js';
import { TokenService } from '../auth/token.service.js';

type SwitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;
type SwitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: AuthUser }>;

/** Rooms a user joins on connect: their own, and the supervisors' room for roles that watch queues. */
export function roomsFor(user: AuthUser): string[] {
  const rooms = [`user:${user.id}`];
  if (user.role === 'agent') rooms.push(`agent:${user.id}`);
  if (user.role === 'supervisor' || user.role === 'admin') rooms.push('supervisors');
  return rooms;
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

  constructor(
    private readonly tokens: TokenService,
    @InjectRedis() private readonly redis: Redis,
    private readonly effects: Effects,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  afterInit(server: SwitchboardServer): void {
    // Agents' presence: each live socket refreshes its entry, so a dead api process's entries age out.
    this.heartbeat = setInterval(() => void this.refreshPresence(server), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0) {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.tokens.verify(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized: token is invalid or expired'));
          socket.data.user = user;
          next();
        },
        (error: unknown) => {
          this.logger.error(error);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  async handleConnection(socket: SwitchboardSocket): Promise<void> {
    const { user } = socket.data;
    const rooms = roomsFor(user);
    await socket.join(rooms);
    if (user.role === 'agent') await this.redis.zadd(presenceKey(user.id), Date.now(), socket.id);
    socket.emit('session.ready', { user, rooms });
  }

  /** An agent's socket closed: if none is back within the grace period, the router sets them offline. */
  async handleDisconnect(socket: SwitchboardSocket): Promise<void> {
    const user = socket.data.user as AuthUser | undefined;
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
      const user = socket.data.user as AuthUser | undefined;
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
