import type { AgentStatus } from './agents.js';
import type { SessionEndedReason, UserSummary } from './auth.js';
import type { IsoDateTime } from './common.js';
import type { CustomerTypingEvent, MessagesReadEvent } from './chat.js';
import type { Message } from './messages.js';
import type { AgentMetricsResponse, MetricsPushMeta, QueueMetrics, QueueStatsEvent } from './metrics.js';
import type { TicketSummary } from './tickets.js';

export interface OfferCreatedEvent {
  offerId: string;
  ticketId: string;
  expiresAt: IsoDateTime;
  ticket: TicketSummary;
}

export const OFFER_RESCIND_REASONS = ['timeout', 'abandoned', 'reassigned', 'agent-unavailable'] as const;
export type OfferRescindReason = (typeof OFFER_RESCIND_REASONS)[number];

export interface OfferRescindedEvent {
  offerId: string;
  reason: OfferRescindReason;
}

/** To the agent: their status changed (by them in another tab, a supervisor, or the system). */
export interface AgentStatusEvent {
  status: AgentStatus;
  /** Why, for away: a break reason, or the system's (`missed-offers`). */
  reason: string | null;
  since: IsoDateTime;
  changedBy: 'self' | 'supervisor' | 'system';
}

export interface MessageCreatedEvent {
  ticketId: string;
  message: Message;
}

/** Events the server emits to clients. */
export interface ServerToClientEvents {
  /** Sent once after a successful, authenticated connection. */
  'session.ready': (payload: { user: UserSummary; rooms: string[] }) => void;
  /** A ticket proposed to this agent until `expiresAt`. */
  'offer.created': (payload: OfferCreatedEvent) => void;
  /** The offer is no longer valid: do not show it as live. */
  'offer.rescinded': (payload: OfferRescindedEvent) => void;
  /** To the agent holding (or being offered) the ticket: a message of its conversation, notes included. */
  'message.created': (payload: MessageCreatedEvent) => void;
  /** To the agent holding the ticket: a message changed after it was written (an e-mail's send state). */
  'message.updated': (payload: MessageCreatedEvent) => void;
  /** To the agent: their status changed; the desk shows it at once, with the reason in words. */
  'agent.status': (payload: AgentStatusEvent) => void;
  /** To the agent holding the ticket: the customer is typing in the chat (sent on change, and again every few seconds while typing). */
  'customer.typing': (payload: CustomerTypingEvent) => void;
  /** To the agent holding the ticket: the customer read the agent's messages up to `seq`. */
  'messages.read': (payload: MessagesReadEvent) => void;
  /** To the `supervisors` room: every queue's live figures; a snapshot on join, then at least once a second while anything changes. */
  'metrics.queues': (queues: QueueMetrics[], meta: MetricsPushMeta) => void;
  /**
   * To the `supervisors:agents` room (joined on request, by a board showing the agent grid):
   * every agent's live figures, pushed with `metrics.queues` (same `meta`); the latest on join.
   */
  'metrics.agents': (payload: AgentMetricsResponse, meta: MetricsPushMeta) => void;
  /** To `queue:{key}` rooms (each agent joins their queues'): waiting count and longest wait. */
  'queue.stats': (payload: QueueStatsEvent) => void;
  /**
   * The server is closing this connection: its token expired (renew it with `auth.renew` before
   * then), the session ended (logged out, password changed, user disabled) or the user's role
   * changed (reconnect: the new role's rooms follow).
   */
  'session.ended': (payload: { reason: SessionEndedReason }) => void;
}

export interface MetricsSnapshot {
  queues: QueueMetrics[];
  agents: AgentMetricsResponse | null;
  meta: MetricsPushMeta;
}

export type RoomJoinResult = { ok: true; room: string } | { ok: false; error: string };

export type TokenRenewResult = { ok: true; expiresAt: IsoDateTime } | { ok: false; error: string };

/** Events clients may emit. */
export interface ClientToServerEvents {
  /** Supervisors: the latest metrics now (after a gap in `seq` or a reconnect). Refused for other roles. */
  'metrics.snapshot': (ack: (snapshot: MetricsSnapshot | { error: string }) => void) => void;
  /**
   * Join a room the user's role may see: `supervisors` and `supervisors:agents` (supervisor,
   * admin) or `queue:{key}` (an agent's own queues, or supervisors).
   */
  'rooms.join': (room: string, ack: (result: RoomJoinResult) => void) => void;
  /**
   * A new access token for this socket's session (after `POST /api/auth/refresh`): the socket
   * stays open past the old token's expiry. Tokens of another session are refused.
   */
  'auth.renew': (token: string, ack: (result: TokenRenewResult) => void) => void;
  /** Leave a room joined with `rooms.join` (a board closing its agent grid); the user's own rooms stay. */
  'rooms.leave': (room: string, ack: (result: RoomJoinResult) => void) => void;
  /** The agent holding a chat ticket is typing (or stopped): the customer sees it. Ignored for other tickets. */
  'ticket.typing': (payload: { ticketId: string; typing: boolean }) => void;
}

/** Socket.IO handshake: `io(url, { auth: { token } })`. */
export interface SocketAuth {
  token: string;
}
