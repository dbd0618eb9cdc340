import type { AgentResponse, AgentStatus } from './agents.js';
import type { OfferCreatedEvent } from './socket.js';
import type { TicketDetail, TicketSummary } from './tickets.js';

export interface SetAgentStatusRequest {
  status: AgentStatus;
  /** Why the agent is away (e.g. "break", "training"); ignored otherwise. */
  reason?: string;
}

export interface AcceptOfferResponse {
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
