import type { IncomingMessage } from 'node:http';
import { HttpException, Logger, type OnModuleDestroy } from '@nestjs/common';
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
import { CHAT_NAMESPACE, type ChatClientToServerEvents, type ChatServerToClientEvents } from '@switchboard/contracts';
import { AfterCommit, rooms } from '@switchboard/messaging';
import { goneWaitingChats, touchChats, type ChatSessionRow } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { Namespace, Socket } from 'socket.io';
import type { AppConfig } from '@switchboard/config';
import { Public } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { clientAddressOf } from '../common/client-address.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
import { ChatLimits } from './chat-limits.js';
import { ChatOrigins, normalOrigin } from './chat-origins.js';
import { chatPhase, ChatService } from './chat.service.js';
import { CustomerTokens } from './customer-token.js';

interface ChatSocketData {
  token: string;
  chat: ChatSessionRow;
  /** When `chat` was read: typing and read marks re-read it after a few seconds (the agent may have changed). */
  readAt: number;
  /** The position last pushed to this socket, to push only changes. */
  lastPosition: string | null;
  /** An event of this socket is being handled: the next one waits for nothing, it is dropped. */
  busy: boolean;
}
type ChatNamespace = Namespace<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
type ChatSocket = Socket<ChatClientToServerEvents, ChatServerToClientEvents, Record<string, never>, ChatSocketData>;

/** What one chat (all its sockets on this process) may do. */
interface ChatAllowance {
  sockets: Set<string>;
  /** Token bucket of its events: typing and read marks. */
  bucket: { tokens: number; at: number };
  /** The newest read mark sent on: an older or equal one changes nothing. */
  readSeq: number;
}

/** Position pushes: at most one a second per waiting customer. */
const POSITION_TICK_MS = 1_000;
const CHAT_REREAD_MS = 3_000;
/** Events one chat may send per second (typing and read marks), with bursts of twice that. */
const CHAT_EVENTS_PER_SECOND = 5;
/** Open pages (sockets) one chat may have on one api process: a few tabs, not a flood. */
const SOCKETS_PER_CHAT = 5;

/** Whether a page of `origin` may hold a socket of a chat of a queue allowing `queueOrigins`, the stack itself at `host`. */
export function socketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  queueOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const normal = normalOrigin(origin);
  if (normal === null) return false;
  return (host !== undefined && new URL(normal).host === host.toLowerCase()) || queueOrigins.includes(normal);
}

/**
 * The customers' sockets: namespace `/chat`, handshake `auth: { customerToken }`. A socket is in
 * its own conversation's room and no other; staff rooms live in the default namespace, which
 * refuses customer tokens. Waiting customers get `chat.position` when their place or estimate
 * changes, checked once a second for all of this process's sockets in one query.
 */
@Public()
@WebSocketGateway({ namespace: CHAT_NAMESPACE, path: '/socket.io', serveClient: false, cors: false })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(ChatGateway.name);
  private ticker?: NodeJS.Timeout;
  private ticking = false;
  /** Waiting chats whose page closed, by ticket: abandoned unless a socket comes back in time. */
  private readonly leaving = new Map<string, NodeJS.Timeout>();
  private readonly allowances = new Map<string, ChatAllowance>();
  /** The caller's address as `request.ip` would give it (TRUST_PROXY). */
  private readonly clientAddress: (req: IncomingMessage) => string;
  private ticks = 0;

  @WebSocketServer()
  server: ChatNamespace;

  constructor(
    private readonly tokens: CustomerTokens,
    private readonly chats: ChatService,
    private readonly origins: ChatOrigins,
    private readonly intake: TicketIntakeService,
    private readonly work: TicketWork,
    private readonly limits: ChatLimits,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.clientAddress = clientAddressOf(config.http.trustProxy);
  }

  onModuleDestroy(): void {
    clearInterval(this.ticker);
    for (const timer of this.leaving.values()) clearTimeout(timer);
  }

  afterInit(server: ChatNamespace): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { customerToken?: unknown } | undefined)?.customerToken;
      this.authenticate(socket, token).then(
        (error) => next(error ?? undefined),
        (error: unknown) => {
          this.logger.warn(`chat socket handshake failed: ${String(error)}`);
          next(new Error('unavailable: try again shortly'));
        },
      );
    });
    this.ticker = setInterval(() => {
      void this.pushPositions();
      void this.keepAlive();
    }, POSITION_TICK_MS);
    this.ticker.unref();
  }

  /**
   * Every handshake counts against its address's /api/chat budget before anything is read; then
   * the token, the page's origin, and the chat's number of open pages.
   */
  private async authenticate(socket: ChatSocket, token: unknown): Promise<Error | null> {
    try {
      await this.limits.request(this.clientAddress(socket.request));
    } catch (error) {
      if (error instanceof HttpException) return new Error(`too many requests: ${error.message}`);
      throw error;
    }
    const chat = await this.tokens.open(token);
    if (!chat) return new Error('unauthorized: auth.customerToken is invalid');
    const headers = socket.handshake.headers;
    // The Host the browser addressed (a proxy in front must pass it on, as proxies do by default).
    if (!socketOriginAllowed(headers.origin, headers.host, await this.origins.ofQueue(chat.queueKey))) {
      return new Error(`forbidden: pages of ${headers.origin} may not open this chat`);
    }
    const allowance = this.allowance(chat.ticketId);
    if (allowance.sockets.size >= SOCKETS_PER_CHAT) {
      return new Error(`too many connections: at most ${SOCKETS_PER_CHAT} open pages per chat`);
    }
    allowance.sockets.add(socket.id);
    socket.data.token = token as string;
    socket.data.chat = chat;
    socket.data.readAt = Date.now();
    socket.data.lastPosition = null;
    socket.data.busy = false;
    return null;
  }

  private allowance(ticketId: string): ChatAllowance {
    let allowance = this.allowances.get(ticketId);
    if (!allowance) {
      allowance = { sockets: new Set(), bucket: { tokens: CHAT_EVENTS_PER_SECOND * 2, at: Date.now() }, readSeq: 0 };
      this.allowances.set(ticketId, allowance);
    }
    return allowance;
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    const ticketId = socket.data.chat.ticketId;
    clearTimeout(this.leaving.get(ticketId));
    this.leaving.delete(ticketId);
    await socket.join(rooms.chat(ticketId));
  }

  /**
   * A waiting customer's page closed. A reload or a dropped network reconnects within seconds;
   * a page still closed after CHAT_LEFT_AFTER_SECONDS (no socket of that chat on any api process)
   * means the customer left the queue, and the ticket is abandoned as if they had said so.
   */
  handleDisconnect(socket: ChatSocket): void {
    const chat = (socket.data as Partial<ChatSocketData>).chat;
    if (!chat) return;
    const allowance = this.allowances.get(chat.ticketId);
    allowance?.sockets.delete(socket.id);
    if (allowance && allowance.sockets.size === 0) this.allowances.delete(chat.ticketId);
    if (chatPhase(chat) !== 'waiting') return;
    clearTimeout(this.leaving.get(chat.ticketId));
    const timer = setTimeout(() => void this.leftIfGone(chat.ticketId), this.config.chat.leftAfterSeconds * 1000);
    timer.unref();
    this.leaving.set(chat.ticketId, timer);
  }

  private async leftIfGone(ticketId: string): Promise<void> {
    this.leaving.delete(ticketId);
    try {
      const still = await this.server.in(rooms.chat(ticketId)).fetchSockets();
      if (still.length > 0) return;
      await this.chats.leftUnseen(ticketId);
    } catch (error) {
      this.logger.warn(`chat ${ticketId}: could not check whether the customer left: ${String(error)}`);
    }
  }

  @SubscribeMessage('chat.typing')
  async typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<void> {
    const typing = (payload as { typing?: unknown } | null)?.typing;
    if (typeof typing !== 'boolean') return;
    await this.handle(socket, async () => {
      const chat = await this.fresh(socket);
      if (!chat.assignedAgentId || chatPhase(chat) !== 'active') return;
      await this.work.flush(
        new AfterCommit().emit(rooms.agent(chat.assignedAgentId), 'customer.typing', {
          ticketId: chat.ticketId,
          typing,
        }),
      );
    });
  }

  @SubscribeMessage('chat.read')
  async read(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<void> {
    const seq = (payload as { seq?: unknown } | null)?.seq;
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > 2 ** 31 - 1) return;
    const allowance = this.allowance(socket.data.chat.ticketId);
    // A mark at or below the last one sent on changes nothing: no query for it.
    if (seq <= allowance.readSeq) return;
    await this.handle(socket, async () => {
      allowance.readSeq = Math.max(allowance.readSeq, seq);
      await this.chats.read(await this.fresh(socket), seq);
    });
  }

  /**
   * Runs a customer's event within the chat's allowance (all its sockets together), one at a
   * time per socket: an event over the rate, or arriving while the last one is still handled, is
   * dropped. Typing and read marks lose nothing by that; the next one says the same.
   */
  private async handle(socket: ChatSocket, run: () => Promise<void>): Promise<void> {
    if (socket.data.busy || !this.admit(this.allowance(socket.data.chat.ticketId))) return;
    socket.data.busy = true;
    try {
      await run();
    } finally {
      socket.data.busy = false;
    }
  }

  /**
   * The socket's chat as stored now: re-read after a few seconds, and every time while it was
   * read as waiting (an agent may have joined since; the chat's allowance bounds those reads).
   */
  private async fresh(socket: ChatSocket): Promise<ChatSessionRow> {
    const waiting = chatPhase(socket.data.chat) === 'waiting';
    if (!waiting && Date.now() - socket.data.readAt < CHAT_REREAD_MS) return socket.data.chat;
    const chat = await this.tokens.open(socket.data.token);
    if (!chat) {
      socket.disconnect(true);
      throw new Error('chat gone');
    }
    socket.data.chat = chat;
    socket.data.readAt = Date.now();
    return chat;
  }

  private admit(allowance: ChatAllowance): boolean {
    const bucket = allowance.bucket;
    const now = Date.now();
    bucket.tokens = Math.min(
      CHAT_EVENTS_PER_SECOND * 2,
      bucket.tokens + ((now - bucket.at) / 1000) * CHAT_EVENTS_PER_SECOND,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /**
   * Open pages keep their chats' `last_seen_at` fresh; a waiting chat nobody has seen for
   * CHAT_LEFT_AFTER_SECONDS (no socket anywhere, no request: a page closed while this process
   * restarted, or a chat opened by a script that never came back) is abandoned. Every api process
   * runs it; abandoning twice is refused by the ticket's own lock and state.
   */
  private async keepAlive(): Promise<void> {
    const tick = ++this.ticks;
    const leftAfter = this.config.chat.leftAfterSeconds;
    try {
      if (tick % Math.max(1, Math.floor(this.tokens.touchEverySeconds)) === 0) {
        await touchChats(this.work.sql, [...this.allowances.keys()]);
      }
      if (tick % Math.max(1, Math.min(10, Math.floor(leftAfter / 2))) === 0) {
        for (const ticketId of await goneWaitingChats(this.work.sql, leftAfter)) await this.leftIfGone(ticketId);
      }
    } catch (error) {
      this.logger.warn(`chat keep-alive failed: ${String(error)}`);
    }
  }

  /** Each waiting customer of this process hears their new place or estimate (one query for all). */
  private async pushPositions(): Promise<void> {
    if (this.ticking || !this.server) return;
    this.ticking = true;
    try {
      const sockets = [...this.server.sockets.values()] as ChatSocket[];
      const waiting = sockets.filter((s) => s.data.chat && chatPhase(s.data.chat) === 'waiting');
      if (waiting.length === 0) return;
      const positions = await this.intake.positionsOf([...new Set(waiting.map((s) => s.data.chat.ticketId))]);
      for (const socket of waiting) {
        const place = positions.get(socket.data.chat.ticketId);
        if (!place) continue;
        if (place.status !== 'queued') {
          // Offered or taken: the chat.agent push tells the rest; the socket stops being polled for until it re-reads.
          // It left the queue: the next event reads the chat again (who has it now).
          socket.data.chat = { ...socket.data.chat, status: place.status };
          socket.data.readAt = 0;
          continue;
        }
        const key = `${place.position}:${place.estimatedWaitSeconds}`;
        if (key === socket.data.lastPosition) continue;
        socket.data.lastPosition = key;
        socket.emit('chat.position', { position: place.position, estimatedWaitSeconds: place.estimatedWaitSeconds });
      }
    } catch (error) {
      this.logger.warn(`chat position push failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }
}
