import { Logger, type OnModuleDestroy } from '@nestjs/common';
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
import type { ChatSessionRow } from '@switchboard/persistence';
import { TicketWork } from '@switchboard/work';
import type { Namespace, Socket } from 'socket.io';
import type { AppConfig } from '@switchboard/config';
import { Public } from '../auth/auth.decorators.js';
import { InjectConfig } from '../common/app-config.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
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
  bucket: { tokens: number; at: number };
}
type ChatNamespace = Namespace<
  ChatClientToServerEvents,
  ChatServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
type ChatSocket = Socket<ChatClientToServerEvents, ChatServerToClientEvents, Record<string, never>, ChatSocketData>;

/** Position pushes: at most one a second per waiting customer. */
const POSITION_TICK_MS = 1_000;
const CHAT_REREAD_MS = 3_000;
/** Events a customer's socket may send per second (typing and read marks), with bursts of twice that. */
const CUSTOMER_EVENTS_PER_SECOND = 5;

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

  @WebSocketServer()
  server: ChatNamespace;

  constructor(
    private readonly tokens: CustomerTokens,
    private readonly chats: ChatService,
    private readonly origins: ChatOrigins,
    private readonly intake: TicketIntakeService,
    private readonly work: TicketWork,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

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
    this.ticker = setInterval(() => void this.pushPositions(), POSITION_TICK_MS);
    this.ticker.unref();
  }

  private async authenticate(socket: ChatSocket, token: unknown): Promise<Error | null> {
    const chat = await this.tokens.open(token);
    if (!chat) return new Error('unauthorized: auth.customerToken is invalid');
    const headers = socket.handshake.headers;
    const host = (headers['x-forwarded-host'] as string | undefined) ?? headers.host;
    if (!socketOriginAllowed(headers.origin, host, await this.origins.ofQueue(chat.queueKey))) {
      return new Error(`forbidden: pages of ${headers.origin} may not open this chat`);
    }
    socket.data.token = token as string;
    socket.data.chat = chat;
    socket.data.readAt = Date.now();
    socket.data.lastPosition = null;
    socket.data.bucket = { tokens: CUSTOMER_EVENTS_PER_SECOND * 2, at: Date.now() };
    return null;
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
    if (!chat || chatPhase(chat) !== 'waiting') return;
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
    if (!this.admit(socket) || typeof (payload as { typing?: unknown } | null)?.typing !== 'boolean') return;
    let chat = await this.fresh(socket);
    // Read as waiting a moment ago: an agent may have joined since.
    if (chatPhase(chat) === 'waiting') chat = await this.fresh(socket, true);
    if (!chat.assignedAgentId || chatPhase(chat) !== 'active') return;
    await this.work.flush(
      new AfterCommit().emit(rooms.agent(chat.assignedAgentId), 'customer.typing', {
        ticketId: chat.ticketId,
        typing: (payload as { typing: boolean }).typing,
      }),
    );
  }

  @SubscribeMessage('chat.read')
  async read(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<void> {
    const seq = (payload as { seq?: unknown } | null)?.seq;
    if (!this.admit(socket) || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > 2 ** 31 - 1)
      return;
    let chat = await this.fresh(socket);
    if (!chat.assignedAgentId) chat = await this.fresh(socket, true);
    await this.chats.read(chat, seq);
  }

  /** The socket's chat as stored now (re-read after a few seconds: an agent may have joined). */
  private async fresh(socket: ChatSocket, now = false): Promise<ChatSessionRow> {
    if (!now && Date.now() - socket.data.readAt < CHAT_REREAD_MS) return socket.data.chat;
    const chat = await this.tokens.open(socket.data.token);
    if (!chat) {
      socket.disconnect(true);
      throw new Error('chat gone');
    }
    socket.data.chat = chat;
    socket.data.readAt = Date.now();
    return chat;
  }

  /** A token bucket per socket: events over the rate are dropped. */
  private admit(socket: ChatSocket): boolean {
    const bucket = socket.data.bucket;
    const now = Date.now();
    bucket.tokens = Math.min(
      CUSTOMER_EVENTS_PER_SECOND * 2,
      bucket.tokens + ((now - bucket.at) / 1000) * CUSTOMER_EVENTS_PER_SECOND,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
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
          socket.data.chat = { ...socket.data.chat, status: place.status };
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
