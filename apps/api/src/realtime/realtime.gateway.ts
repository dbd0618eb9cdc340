import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Can } from '../access/access-policy.js';
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
import type { AppConfig } from '@switchboard/config';
import {
  AfterCommit,
  PRESENCE_HEARTBEAT_MS,
  PRESENCE_STALE_MS,
  presenceKey,
  rooms,
  routingJobs,
} from '@switchboard/messaging';
import { Redis } from 'ioredis';
import { InjectConfig } from '../common/app-config.js';
import { Effects } from '../messaging/messaging.module.js';
import { InjectRedis } from '../redis/redis.module.js';
import {
  CHAT_NAMESPACE,
  type ChatClientToServerEvents,
  type ChatServerToClientEvents,
  type ClientToServerEvents,
  type MetricsSnapshot,
  type RoomJoinResult,
  type ServerToClientEvents,
  type SessionEndedReason,
  type TokenRenewResult,
} from '@switchboard/contracts';
import { AuthEvents } from '../auth/auth-events.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { Namespace, Server, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth.decorators.js';
import { sessionProblem, SessionsService } from '../auth/sessions.service.js';
import { toAuthUser, toUserSummary, TokenService } from '../auth/token.service.js';

interface SocketData {
  user: AuthUser;
  /** When the access token the socket was opened or last renewed with expires. */
  expiresAtMs: number;
  /** An agent's queues: the `queue:{key}` rooms they may join. */
  queues: string[];
  /** Token bucket of the per-socket event rate limit. */
  bucket: { tokens: number; at: number; refusals: number };
  /** Chat tickets this agent's typing may reach, until when (re-checked after that). */
  typingIn?: Map<string, number>;
}
type SwitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SwitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Sockets are re-checked this often against their session, user and token (cached reads, no query per socket). */
export const SESSION_SWEEP_MS = 2_000;
/** An agent's queue rooms follow their memberships at most this late (sooner after an admin edit). */
const QUEUE_ROOMS_REFRESH_MS = 15_000;
/** A socket that keeps sending over its rate after this many refusals within a second is closed. */
const REFUSALS_BEFORE_CLOSE = 50;

const WATCHERS = new Set(['supervisor', 'admin']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long an agent's hold on a chat counts for typing pushes before it is checked again. */
const TYPING_RECHECK_MS = 5_000;

// Counts a user's live sockets across api processes: drop entries whose process stopped
// refreshing them, refuse when full, else add this one. Atomic, so two handshakes at once
// cannot both take the last place.
const CLAIM_SOCKET_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;
const socketsKey = (userId: string) => `sockets:${userId}`;

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
 * A socket lives while its token does (renewed with `auth.renew`) and its session stands; its
 * user's role is read from the database, and a changed role closes it so it reconnects with the
 * rooms of the new one.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, cors: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);

  @WebSocketServer()
  server: SwitchboardServer;

  private heartbeat?: NodeJS.Timeout;
  private sweeper?: NodeJS.Timeout;
  private lastQueueRoomsRefresh = 0;

  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRedis() private readonly redis: Redis,
    private readonly effects: Effects,
    events: AuthEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    // A role change, a disabled user or a logout elsewhere: re-check that user's sockets now.
    events.on((event) => void this.recheckUser(event.userId));
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.sweeper);
  }

  afterInit(server: SwitchboardServer): void {
    // Each live socket refreshes its user's socket count and, for agents, their presence, so a
    // dead api process's entries age out.
    this.heartbeat = setInterval(() => void this.refreshPresence(server), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
    this.sweeper = setInterval(() => void this.sweepSessions(server), SESSION_SWEEP_MS);
    this.sweeper.unref();
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.authenticate(socket, token).then(
        (error) => next(error ?? undefined),
        (error: unknown) => {
          this.logger.warn(`socket handshake failed: ${String(error)}`);
          next(new Error('unavailable: try again shortly'));
        },
      );
    });
  }

  /** Verifies the handshake token, takes a connection slot and loads the socket's rooms; an Error refuses it. */
  private async authenticate(socket: SwitchboardSocket, token: string): Promise<Error | null> {
    const verified = await this.tokens.verify(token);
    if (!verified) return new Error('unauthorized: token is invalid or expired');
    const { user } = verified;
    if (user.passwordChangeRequired) return new Error('unauthorized: choose your own password first');
    if (!(await this.claimSlot(user.id, socket.id))) {
      return new Error(`too many connections: at most ${this.config.sockets.perUser} per user`);
    }
    socket.data.user = user;
    socket.data.expiresAtMs = verified.expiresAtMs;
    socket.data.queues = user.role === 'agent' ? await this.agentQueues(user.id) : [];
    socket.data.bucket = { tokens: this.config.sockets.eventsPerSecond * 2, at: Date.now(), refusals: 0 };
    socket.use((packet, next) => this.limitRate(socket, packet, next));
    return null;
  }

  /** Takes one of the user's connection places; with Redis away the connection is allowed (and logged). */
  private async claimSlot(userId: string, socketId: string): Promise<boolean> {
    const now = Date.now();
    try {
      const taken = await this.redis.eval(
        CLAIM_SOCKET_SLOT,
        1,
        socketsKey(userId),
        now - PRESENCE_STALE_MS,
        now,
        this.config.sockets.perUser,
        socketId,
        PRESENCE_STALE_MS * 2,
      );
      return taken === 1;
    } catch (error) {
      this.logger.warn(`socket count of user ${userId} not checked (Redis): ${String(error)}`);
      return true;
    }
  }

  /**
   * At most `eventsPerSecond` events a second per socket, with bursts of twice that: an event
   * over the rate is dropped (its acknowledgement, if it asked for one, says why); a socket that
   * keeps on is closed. Dropped rather than passed to next(error): Socket.IO would raise that as an
   * 'error' event on the server's socket.
   */
  private limitRate(socket: SwitchboardSocket, packet: unknown[], next: () => void): void {
    const rate = this.config.sockets.eventsPerSecond;
    const bucket = socket.data.bucket;
    const now = Date.now();
    bucket.tokens = Math.min(rate * 2, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusals = 0;
      next();
      return;
    }
    if (++bucket.refusals >= REFUSALS_BEFORE_CLOSE) {
      this.logger.warn(`socket of user ${socket.data.user.id} closed: over ${rate} events a second`);
      socket.disconnect(true);
      return;
    }
    const ack = packet.at(-1);
    if (typeof ack === 'function')
      (ack as (answer: unknown) => void)({ ok: false, error: `rate limited: at most ${rate} events a second` });
  }

  async handleConnection(socket: SwitchboardSocket): Promise<void> {
    const { user } = socket.data;
    const joined = roomsFor(user, socket.data.queues);
    await socket.join(joined);
    if (user.role === 'agent') {
      await this.redis
        .zadd(presenceKey(user.id), Date.now(), socket.id)
        .catch((error: unknown) => this.logger.warn(`presence of agent ${user.id} not recorded: ${String(error)}`));
    }
    socket.emit('session.ready', { user: toUserSummary(user), rooms: joined });
    if (joined.includes(rooms.supervisors)) await this.sendSnapshot(socket, 'queues');
  }

  /**
   * The client got a new access token (it refreshes before the old one expires): the socket
   * lives on under it. A token of another user or another session is refused.
   */
  @Can('session.own')
  @SubscribeMessage('auth.renew')
  async renew(@ConnectedSocket() socket: SwitchboardSocket, @MessageBody() token: unknown): Promise<TokenRenewResult> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      return { ok: false, error: 'the new token must be a non-empty string' };
    }
    const verified = await this.tokens.verify(token);
    if (!verified) return { ok: false, error: 'the new token is invalid or expired' };
    if (verified.user.sessionId !== socket.data.user.sessionId) {
      return { ok: false, error: "the new token belongs to another session than the socket's" };
    }
    socket.data.expiresAtMs = verified.expiresAtMs;
    return { ok: true, expiresAt: new Date(verified.expiresAtMs).toISOString() };
  }

  /** A supervisor's client saw a gap in `seq` (or reconnected): the latest figures, now. */
  @Can('session.own')
  @SubscribeMessage('metrics.snapshot')
  async snapshot(@ConnectedSocket() socket: SwitchboardSocket): Promise<MetricsSnapshot | { error: string }> {
    if (!WATCHERS.has(socket.data.user.role)) return { error: 'forbidden: metrics are for supervisors and admins' };
    try {
      return await this.metrics.latest();
    } catch (error) {
      this.logger.warn(`metrics snapshot failed: ${String(error)}`);
      return { error: 'unavailable: try again shortly' };
    }
  }

  @Can('session.own')
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

  @Can('session.own')
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

  /**
   * The agent is typing a reply: the customer of a web chat sees it. Only for a chat ticket the
   * agent holds in progress (checked once per ticket every few seconds); anything else is ignored.
   */
  @Can('ticket.work')
  @SubscribeMessage('ticket.typing')
  async agentTyping(@ConnectedSocket() socket: SwitchboardSocket, @MessageBody() payload: unknown): Promise<void> {
    const { ticketId, typing } = (payload ?? {}) as { ticketId?: unknown; typing?: unknown };
    if (typeof ticketId !== 'string' || !UUID.test(ticketId) || typeof typing !== 'boolean') return;
    const held = (socket.data.typingIn ??= new Map());
    const until = held.get(ticketId);
    if (until === undefined || until < Date.now()) {
      const rows = (await this.db.query(
        `SELECT 1 FROM tickets WHERE id = $1 AND assigned_agent_id = $2 AND status = 'in_progress' AND channel = 'chat'`,
        [ticketId, socket.data.user.id],
      )) as unknown[];
      if (rows.length === 0) return;
      if (held.size > 50) held.clear();
      held.set(ticketId, Date.now() + TYPING_RECHECK_MS);
    }
    const chats = this.server.of(CHAT_NAMESPACE) as unknown as Namespace<
      ChatClientToServerEvents,
      ChatServerToClientEvents
    >;
    chats.to(rooms.chat(ticketId)).emit('chat.typing', { typing });
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
      `SELECT q.key FROM agent_queues aq JOIN queues q ON q.id = aq.queue_id
        WHERE aq.agent_id = $1 AND q.retired_at IS NULL ORDER BY q.key`,
      [agentId],
    )) as { key: string }[];
    return rows.map((r) => r.key);
  }

  /** An agent added to or removed from a queue hears that queue's counts from the next refresh on. */
  private async refreshQueueRooms(socket: SwitchboardSocket): Promise<void> {
    const now = await this.agentQueues(socket.data.user.id);
    for (const q of socket.data.queues.filter((k) => !now.includes(k))) await socket.leave(`queue:${q}`);
    for (const q of now.filter((k) => !socket.data.queues.includes(k))) await socket.join(`queue:${q}`);
    socket.data.queues = now;
  }

  /**
   * Re-checks one socket: closed when its token expired, its session ended or its user was
   * disabled or given another role; an agent's queue rooms follow their memberships.
   */
  private async check(socket: SwitchboardSocket, refreshRooms: boolean): Promise<void> {
    const data = socket.data as Partial<SocketData>;
    if (!data.user) return;
    let reason: SessionEndedReason | null = null;
    if ((data.expiresAtMs ?? 0) <= Date.now()) reason = 'token-expired';
    else {
      const state = await this.sessions.state(data.user.sessionId);
      reason = sessionProblem(state, Date.now());
      if (!reason && state) {
        if (state.role !== data.user.role) reason = 'role-changed';
        else data.user = toAuthUser(state);
      }
    }
    if (reason) {
      socket.emit('session.ended', { reason });
      socket.disconnect(true);
    } else if (refreshRooms && data.user.role === 'agent') {
      await this.refreshQueueRooms(socket);
    }
  }

  private async sweepSessions(server: SwitchboardServer): Promise<void> {
    const now = Date.now();
    const refreshRooms = now - this.lastQueueRoomsRefresh >= QUEUE_ROOMS_REFRESH_MS;
    if (refreshRooms) this.lastQueueRoomsRefresh = now;
    for (const socket of server.sockets.sockets.values()) {
      // With PostgreSQL away a socket keeps what it had; the next sweep looks again.
      await this.check(socket as SwitchboardSocket, refreshRooms).catch(() => undefined);
    }
  }

  private async recheckUser(userId: string): Promise<void> {
    if (!this.server) return;
    for (const socket of this.server.sockets.sockets.values()) {
      if ((socket.data as Partial<SocketData>).user?.id !== userId) continue;
      await this.check(socket as SwitchboardSocket, true).catch((error: unknown) =>
        this.logger.warn(`socket re-check of user ${userId} failed: ${String(error)}`),
      );
    }
  }

  /** A socket closed: its connection place is free; an agent with none back within the grace period is set offline. */
  async handleDisconnect(socket: SwitchboardSocket): Promise<void> {
    const user = (socket.data as Partial<SocketData>).user;
    if (!user) return;
    try {
      await this.redis.zrem(socketsKey(user.id), socket.id);
      if (user.role !== 'agent') return;
      await this.redis.zrem(presenceKey(user.id), socket.id);
    } catch (error) {
      // The entries age out; the presence check below still runs once Redis is back.
      this.logger.warn(`socket of user ${user.id} not removed from Redis: ${String(error)}`);
      if (user.role !== 'agent') return;
    }
    await this.effects.flush(
      new AfterCommit().job(routingJobs.presenceCheck(user.id, this.config.routing.disconnectGraceSeconds)),
    );
  }

  private async refreshPresence(server: SwitchboardServer): Promise<void> {
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const socket of server.sockets.sockets.values()) {
      const user = (socket.data as Partial<SocketData>).user;
      if (!user) continue;
      pipeline.zadd(socketsKey(user.id), now, socket.id).pexpire(socketsKey(user.id), PRESENCE_STALE_MS * 2);
      if (user.role === 'agent') pipeline.zadd(presenceKey(user.id), now, socket.id);
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
