import type { ActionResponse } from './actions.js';
import type { AgentResponse, AgentStatus } from './agents.js';
import type { OfferCreatedEvent } from './socket.js';
import type { TicketDetail, TicketSummary } from './tickets.js';

/** An offer's status: pending until the agent answers it or it ends otherwise (libs/domain, offer lifecycle). */
export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'rescinded'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface SetAgentStatusRequest {
  status: AgentStatus;
  /** Why the agent is away (e.g. "break", "training"); ignored otherwise. */
  reason?: string;
}

export interface AcceptOfferResponse extends ActionResponse {
  ticket: TicketDetail;
}

export interface AddNoteRequest {
  body: string;
}

export interface ResolveTicketRequest {
  resolutionCode: string;
  note?: string;
}

/** Exactly one of `queue` (move to that queue) or `agentId` (offer to that agent). */
export interface TransferTicketRequest {
  queue?: string;
  agentId?: string;
  note?: string;
}

export interface ReopenTicketRequest {
  note?: string;
}

/**
 * `GET /api/agents/me/work`: what the agent's desk shows, from the database — read on load and
 * after every reconnect, since offers sent while the socket was down are not replayed.
 */
export interface AgentWorkResponse {
  agent: AgentResponse;
  /** Offers still pending and not yet expired (normally at most one). */
  offers: OfferCreatedEvent[];
  /** Tickets the agent is handling (in progress). */
  tickets: TicketSummary[];
  /** When the running wrap-up ends by itself, and for which ticket; null when not in wrap-up. */
  wrapUp: { ticketId: string; until: string } | null;
}

/** Answers of the agent-work actions: the fields of API 0.1, and `result` (API 0.2). */
export interface TransferTicketResponse extends ActionResponse {
  ticketId: string;
  status: 'transferred';
}
export interface ReopenTicketResponse extends ActionResponse {
  ticketId: string;
  status: 'queued';
}
export interface ResolveTicketResponse extends ActionResponse {
  ticketId: string;
  status: 'resolved';
}
export interface AddNoteResponse extends ActionResponse {
  ticketId: string;
}
export interface DeclineOfferResponse extends ActionResponse {
  offerId: string;
  status: 'declined';
}
export interface CompleteWrapUpResponse extends ActionResponse {
  status: 'idle';
}
